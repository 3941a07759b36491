// The principal cache (EngineOptions::principal_cache_*): a request's user comes from memory,
// this engine's own writes to a user apply to its next request, and another engine on the same
// database (another server process) refuses a deactivated user within the TTL.
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;

namespace {

std::string name_of(const ApiResult& me) {
  return std::string(me.data().at("firstName").as_string());
}

// Two engines on one fresh database, as two crm-server processes, sharing one fake clock.
struct TwoServers {
  std::shared_ptr<FakeClock> clock = std::make_shared<FakeClock>(kStartTime);
  std::unique_ptr<Engine> a;
  std::unique_ptr<Engine> b;
  std::unique_ptr<rest::Api> api_a;
  std::unique_ptr<rest::Api> api_b;

  TwoServers() {
    EngineOptions options;
    options.jwt_secret = kJwtSecret;
    options.bcrypt_cost = 4;
    options.clock = clock;
    const std::string url = fresh_shared_database_url();
    a = Engine::open(storage::open_database(url), options);
    b = Engine::open(storage::open_database(url), options);
    api_a = std::make_unique<rest::Api>(*a);
    api_b = std::make_unique<rest::Api>(*b);
  }

  static ApiResult call(const rest::Api& api, const std::string& method, const std::string& target,
                        const std::string& token, const std::string& body = "") {
    rest::Request req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.remote_addr = "127.0.0.1";
    if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    ApiResult out;
    out.raw = api.handle(req);
    out.status = out.raw.status;
    boost::system::error_code ec;
    out.body = boost::json::parse(out.raw.body, ec);
    return out;
  }
};

std::string token_of(const ApiResult& r) { return std::string(r.body.at("token").as_string()); }

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
  const auto setup = TwoServers::call(
      *s.api_a, "PUT", "/api/auth", "",
      R"({"email":"admin@example.com","password":"correct-horse","firstName":"A"})");
  REQUIRE(setup.status == 201);
  const std::string admin = token_of(setup);
  const auto invited =
      TwoServers::call(*s.api_a, "POST", "/api/users", admin,
                       R"({"email":"rep@example.com","firstName":"Rep","role":"REP"})");
  REQUIRE(invited.status == 201);
  const std::string rep_id(invited.data().at("user").at("id").as_string());
  const std::string password(invited.data().at("tempPassword").as_string());
  const auto login =
      TwoServers::call(*s.api_a, "POST", "/api/auth", "",
                       R"({"email":"rep@example.com","password":")" + password + R"("})");
  REQUIRE(login.status == 200);
  const std::string rep = token_of(login);

  // Server A has the rep cached; server B deactivates them.
  REQUIRE(TwoServers::call(*s.api_a, "GET", "/api/users/me", rep).status == 200);
  s.clock->advance(100);
  REQUIRE(TwoServers::call(*s.api_b, "DELETE", "/api/users/" + rep_id, admin).status == 200);
  CHECK(TwoServers::call(*s.api_b, "GET", "/api/users/me", rep).status == 401);

  // A still serves its cached entry until the entry's TTL has passed (1 s after A read it),
  // and refuses the rep from then on: the bound every process keeps.
  const TimeMs ttl = s.a->options().principal_cache_ttl_ms;
  REQUIRE(ttl == 1000);
  s.clock->advance(ttl - 100 - 1);
  CHECK(TwoServers::call(*s.api_a, "GET", "/api/users/me", rep).status == 200);
  s.clock->advance(1);
  CHECK(TwoServers::call(*s.api_a, "GET", "/api/users/me", rep).status == 401);
  CHECK(TwoServers::call(*s.api_a, "GET", "/api/leads", rep).status == 401);
}

TEST_CASE("principal cache: size 0 reads the user on every request") {
  TwoServers s;
  // Engines without a cache: B's deactivation is seen by A on A's next request.
  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  options.clock = s.clock;
  options.principal_cache_size = 0;
  const std::string url = fresh_shared_database_url();
  auto a = Engine::open(storage::open_database(url), options);
  auto b = Engine::open(storage::open_database(url), options);
  const rest::Api api_a(*a), api_b(*b);
  const auto setup = TwoServers::call(
      api_a, "PUT", "/api/auth", "",
      R"({"email":"admin@example.com","password":"correct-horse","firstName":"A"})");
  const std::string admin = token_of(setup);
  const auto invited =
      TwoServers::call(api_a, "POST", "/api/users", admin,
                       R"({"email":"rep@example.com","firstName":"Rep","role":"REP"})");
  const std::string rep_id(invited.data().at("user").at("id").as_string());
  const auto login =
      TwoServers::call(api_a, "POST", "/api/auth", "",
                       R"({"email":"rep@example.com","password":")" +
                           std::string(invited.data().at("tempPassword").as_string()) + R"("})");
  const std::string rep = token_of(login);
  REQUIRE(TwoServers::call(api_a, "GET", "/api/users/me", rep).status == 200);
  REQUIRE(TwoServers::call(api_b, "DELETE", "/api/users/" + rep_id, admin).status == 200);
  CHECK(TwoServers::call(api_a, "GET", "/api/users/me", rep).status == 401);
  CHECK(a->runtime().principals.size() == 0);
}
