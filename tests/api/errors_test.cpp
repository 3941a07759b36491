// Errors say enough and no more: an internal failure answers 500 with a request id and the
// detail goes to the log under that id, never to the client.
#include <doctest/doctest.h>

#include <mutex>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

class CapturingLogger final : public Logger {
 public:
  void log(LogLevel level, std::string_view message) override {
    std::lock_guard lock(mu_);
    lines_.push_back(std::string(to_string(level)) + " " + std::string(message));
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mu_);
    return lines_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_;
};

}  // namespace

TEST_CASE("errors: a storage failure answers 500 with a request id; the detail is only logged") {
  auto logger = std::make_shared<CapturingLogger>();
  ApiFixture f([&](EngineOptions& options) { options.logger = logger; });
  const std::string token = f.admin_token();
  auto company = f.call("POST", "/api/companies", token, json::value{{"name", "Broken Co"}});
  REQUIRE(company.status == 201);
  f.sql("DROP TABLE notes");  // every note query now fails inside the database

  auto r =
      f.call("GET", "/api/companies/" + std::string(company.data().at("id").as_string()) + "/notes",
             token);
  CHECK(r.status == 500);
  CHECK(r.error() == "Internal error");
  const std::string id(r.body.at("requestId").as_string());
  CHECK(id.size() == 16);
  CHECK(r.raw.header("X-Request-Id") == std::optional<std::string_view>(id));
  CHECK(r.raw.body.find("notes") == std::string::npos);  // no SQL, table or driver text
  const auto lines = logger->lines();
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].starts_with("ERROR request " + id + " GET /api/companies/"));
  CHECK(lines[0].find("notes") != std::string::npos);
}
