// Races of sales automation that two server processes on one database could lose (DOMAIN.md
// §18), with two engines on one database (a SQLite file, or PostgreSQL).
#include <doctest/doctest.h>

#include <map>

#include "crm/crm.hpp"
#include "support/race.hpp"
#include "support/twin_engines.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

TEST_CASE("automation races: one tag applied by many at once is applied once, with one run") {
  TwinEngines t;
  auto setup = t.call(
      0, "PUT", "/api/auth", "",
      json::value{
          {"email", "root@example.com"}, {"password", "correct-horse"}, {"firstName", "Root"}});
  REQUIRE(setup.status == 201);
  const std::string token(setup.body.at("token").as_string());
  auto c = t.call(0, "POST", "/api/contacts", token,
                  json::value{{"firstName", "R"}, {"email", "r@x.com"}, {"phone", "+12125550100"}});
  REQUIRE(c.status == 201);
  auto l = t.call(1, "POST", "/api/leads", token,
                  json::value{{"contactId", c.body.at("data").at("id")}});
  REQUIRE(l.status == 201);
  const std::string lead(l.body.at("data").at("id").as_string());

  const auto statuses = race(8, [&](int i) {
    return t
        .call(i, "POST", "/api/leads/" + lead + "/tags", token,
              json::value{{"tagSlug", "no-answer"}})
        .status;
  });
  CHECK(statuses == std::map<int, int>{{200, 7}, {201, 1}});
  CHECK(t.sql("SELECT COUNT(*) AS n FROM lead_tags WHERE lead_id = ?", lead).first().integer("n") ==
        1);
  CHECK(t.sql("SELECT COUNT(*) AS n FROM sequence_runs WHERE lead_id = ?", lead)
            .first()
            .integer("n") == 1);
  CHECK(
      t.sql("SELECT COUNT(*) AS n FROM activities WHERE lead_id = ? AND type = 'tag_applied'", lead)
          .first()
          .integer("n") == 1);
  CHECK(t.sql("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'sequence.step'").first().integer("n") ==
        1);
  CHECK(t.sql("SELECT engagement FROM lead_scores WHERE lead_id = ?", lead)
            .first()
            .integer("engagement") == 5);
}
