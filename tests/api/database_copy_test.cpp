// crm migrate's engine: a SQLite database copied into an empty one (PostgreSQL when
// CRM_TEST_POSTGRES_URL is set, else another SQLite file), verified table by table.
#include <doctest/doctest.h>

#include "adapters/rest/api.hpp"
#include "crm/database_copy.hpp"
#include "support/api_fixture.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

TEST_CASE("database copy: every row lands, verified, and the copy serves logins") {
  ApiFixture source;  // seeded through the API, then copied from its own database
  const std::string admin = source.admin_token();
  auto company = source.call("POST", "/api/companies", admin, json::value{{"name", "Copy Co"}});
  REQUIRE(company.status == 201);
  const std::string company_id(company.data().at("id").as_string());
  auto contact = source.call(
      "POST", "/api/contacts", admin,
      json::value{{"email", "c@copy.example"}, {"companyId", company_id}, {"firstName", "Cy"}});
  REQUIRE(contact.status == 201);
  auto lead = source.call(
      "POST", "/api/leads", admin,
      json::value{{"contactId", contact.data().at("id")}, {"estimatedRevenue", "1234.56"}});
  REQUIRE(lead.status == 201);
  source.make_user("rep@copy.example");
  REQUIRE(source
              .call("POST", "/api/companies/" + company_id + "/notes", admin,
                    json::value{{"body", "a note"}})
              .status == 201);

  // A file on SQLite (the copy is reopened as a server would), removed when the tests end.
  auto target = testing_postgres() ? open_fresh_database()
                                   : storage::open_database(fresh_shared_database_url());
  std::vector<std::string> reported;
  const auto report =
      storage::copy_database(source.engine->database(), *target, source.clock->now_ms(),
                             [&](const storage::TableCopy& t) { reported.push_back(t.table); });
  CHECK(report.ok());

  CHECK(reported.size() == report.tables.size());
  for (const auto& t : report.tables) {
    INFO(t.table);
    CHECK(t.source_rows == t.target_rows);
    CHECK(t.source_checksum == t.target_checksum);
  }
  // Parents before children: users before companies before contacts before leads.
  const auto pos = [&](const std::string& table) {
    return std::find(reported.begin(), reported.end(), table) - reported.begin();
  };
  CHECK(pos("users") < pos("companies"));
  CHECK(pos("companies") < pos("contacts"));
  CHECK(pos("contacts") < pos("leads"));

  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  options.clock = source.clock;
  auto moved = Engine::open(target, options);
  rest::Api api(*moved);
  rest::Request login{"POST",
                      "/api/auth",
                      {{"Content-Type", "application/json"}},
                      R"({"email":"admin@example.com","password":"correct-horse"})",
                      "127.0.0.1"};
  CHECK(api.handle(login).status == 200);

  // Into a database that already holds a schema: refused.
  CHECK_THROWS_AS(
      storage::copy_database(source.engine->database(), *target, source.clock->now_ms()), Error);
}
