// Races of sales automation that two server processes on one database could lose (DOMAIN.md
// §18), with two engines on one database (a SQLite file, or PostgreSQL).
#include <doctest/doctest.h>

#include <barrier>
#include <mutex>
#include <thread>

#include "crm/crm.hpp"
#include "support/twin_engines.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

std::vector<int> race(int n, const std::function<int(int)>& body) {
  std::barrier start(n);
  std::mutex mu;
  std::vector<int> statuses;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      const int status = body(i);
      std::lock_guard lock(mu);
      statuses.push_back(status);
    });
  for (auto& t : threads) t.join();
  std::sort(statuses.begin(), statuses.end());
  return statuses;
}

}  // namespace

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
  CHECK(statuses == std::vector<int>{200, 200, 200, 200, 200, 200, 200, 201});
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
