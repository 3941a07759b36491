// The principal cache (EngineOptions::principal_cache_*): a request's user comes from memory,
// this engine's own writes to a user apply to its next request, and another engine on the same
// database (another server process) refuses a deactivated user within the TTL.
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"
#include "support/twin_engines.hpp"

using namespace crm;
using namespace crm::test;

namespace {

namespace json = boost::json;

std::string name_of(const ApiResult& me) {
  return std::string(me.data().at("firstName").as_string());
}

std::string token_of(const TwinResult& r) { return std::string(r.body.at("token").as_string()); }

// Two engines on one fresh database (two crm-server processes) sharing a fake clock, with the
// first admin and a signed-in rep. Engine 0 is "A", engine 1 is "B".
struct TwoServers {
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>(kStartTime);
  TwinEngines twins;
  std::string admin;
  std::string rep;
  std::string rep_id;

  explicit TwoServers(std::size_t cache_size = EngineOptions{}.principal_cache_size)
      : twins(options(clock, cache_size)) {
    const auto setup = twins.call(
        0, "PUT", "/api/auth", "",
        json::object{
            {"email", "admin@example.com"}, {"password", "correct-horse"}, {"firstName", "A"}});
    REQUIRE(setup.status == 201);
    admin = token_of(setup);
    const auto invited = twins.call(
        0, "POST", "/api/users", admin,
        json::object{{"email", "rep@example.com"}, {"firstName", "Rep"}, {"role", "REP"}});
    REQUIRE(invited.status == 201);
    const auto& data = invited.body.at("data");
    rep_id = std::string(data.at("user").at("id").as_string());
    const auto login = twins.call(
        0, "POST", "/api/auth", "",
        json::object{{"email", "rep@example.com"}, {"password", data.at("tempPassword")}});
    REQUIRE(login.status == 200);
    rep = token_of(login);
  }

  static EngineOptions options(std::shared_ptr<FakeClock> clock, std::size_t cache_size) {
    EngineOptions o;
    o.clock = std::move(clock);
    o.principal_cache_size = cache_size;
    return o;
  }
};

}  // namespace

TEST_CASE("principal cache: this engine's writes to a user apply to the user's next request") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  auto [rep, rep_id] = f.make_user("rep@example.com");
  REQUIRE(f.call("GET", "/api/users/me", rep).status == 200);  // cached now
  CHECK(f.engine->runtime().principals.size() >= 1);

  // A profile edit by an admin shows in the rep's own /me at once.
  REQUIRE(f.call("PATCH", "/api/users/" + rep_id, admin, std::string(R"({"firstName":"Renamed"})"))
              .status == 200);
  CHECK(name_of(f.call("GET", "/api/users/me", rep)) == "Renamed");

  // So does the rep's own edit, and a login's lastLoginAt.
  REQUIRE(f.call("PATCH", "/api/users/me", rep, std::string(R"({"firstName":"Self"})")).status ==
          200);
  CHECK(name_of(f.call("GET", "/api/users/me", rep)) == "Self");
  REQUIRE(f.call("GET", "/api/users/me", admin).status == 200);  // the admin cached too
  f.clock->advance(1);  // well within the TTL: only the invalidation can show the login
  const auto login =
      f.call("POST", "/api/auth", "",
             std::string(R"({"email":"admin@example.com","password":"correct-horse"})"));
  REQUIRE(login.status == 200);
  CHECK(f.call("GET", "/api/users/me", admin).data().at("lastLoginAt") ==
        login.body.at("user").at("lastLoginAt"));

  // The inviter's summary embedded in the rep's /me follows the inviter's own changes.
  REQUIRE(
      f.call("PATCH", "/api/users/me", admin, std::string(R"({"firstName":"Adelheid"})")).status ==
      200);
  CHECK(f.call("GET", "/api/users/me", rep).data().at("invitedBy").at("firstName") == "Adelheid");

  // A role change revokes the token: refused on the very next request, with no TTL to wait.
  REQUIRE(
      f.call("PATCH", "/api/users/" + rep_id, admin, std::string(R"({"role":"ADMIN"})")).status ==
      200);
  CHECK(f.call("GET", "/api/users/me", rep).status == 401);
}

TEST_CASE("principal cache: a deactivation on this engine refuses the user at once") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  auto [rep, rep_id] = f.make_user("rep@example.com");
  REQUIRE(f.call("GET", "/api/leads", rep).status == 200);
  REQUIRE(f.call("DELETE", "/api/users/" + rep_id, admin).status == 200);
  CHECK(f.call("GET", "/api/leads", rep).status == 401);
  CHECK(f.call("GET", "/api/users/me", rep).status == 401);
}

TEST_CASE(
    "principal cache: another server on the same database refuses a deactivated user "
    "within the TTL") {
  TwoServers s;
  // Server A has the rep cached; server B deactivates them.
  REQUIRE(s.twins.call(0, "GET", "/api/users/me", s.rep).status == 200);
  s.clock->advance(100);
  REQUIRE(s.twins.call(1, "DELETE", "/api/users/" + s.rep_id, s.admin).status == 200);
  CHECK(s.twins.call(1, "GET", "/api/users/me", s.rep).status == 401);

  // A still serves its cached entry until the entry's TTL has passed (1 s after A read it),
  // and refuses the rep from then on: the bound every process keeps.
  const TimeMs ttl = s.twins.engine(0).options().principal_cache_ttl_ms;
  REQUIRE(ttl == 1000);
  s.clock->advance(ttl - 100 - 1);
  CHECK(s.twins.call(0, "GET", "/api/users/me", s.rep).status == 200);
  s.clock->advance(1);
  CHECK(s.twins.call(0, "GET", "/api/users/me", s.rep).status == 401);
  CHECK(s.twins.call(0, "GET", "/api/leads", s.rep).status == 401);
}

TEST_CASE("principal cache: size 0 reads the user on every request") {
  // Engines without a cache: B's deactivation is seen by A on A's next request.
  TwoServers s(0);
  REQUIRE(s.twins.call(0, "GET", "/api/users/me", s.rep).status == 200);
  REQUIRE(s.twins.call(1, "DELETE", "/api/users/" + s.rep_id, s.admin).status == 200);
  CHECK(s.twins.call(0, "GET", "/api/users/me", s.rep).status == 401);
  CHECK(s.twins.engine(0).runtime().principals.size() == 0);
}
