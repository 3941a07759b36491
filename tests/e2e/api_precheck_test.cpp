// Unit tests of rest::Api::precheck: the refusals a server can give from a request's headers
// alone, before it reads the body. They must agree with what handle() answers.

#include <string>

#include <doctest/doctest.h>

#include "adapters/rest/api.hpp"
#include "support/api_fixture.hpp"

namespace {

using crm::rest::Headers;

Headers bearer(const std::string& token, Headers more = {}) {
  more.emplace_back("Authorization", "Bearer " + token);
  return more;
}

}  // namespace

TEST_CASE("precheck refuses unknown paths, wrong methods and bad targets") {
  crm::test::ApiFixture f;
  const auto& api = *f.api;

  auto missing = api.precheck("POST", "/api/nope", {{"Content-Length", "26214400"}});
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->body == R"({"error":"Not found"})");

  auto wrong_method = api.precheck("PUT", "/api/health", {});
  REQUIRE(wrong_method);
  CHECK(wrong_method->status == 405);
  CHECK(wrong_method->header("Allow") == "GET");

  auto bad_target = api.precheck("GET", "no-slash", {});
  REQUIRE(bad_target);
  CHECK(bad_target->status == 400);
}

TEST_CASE("precheck refuses a declared body over the route's limit") {
  crm::test::ApiFixture f;
  const auto& api = *f.api;
  const auto limit = crm::rest::Api::body_limit("/api/auth");

  auto over = api.precheck("POST", "/api/auth", {{"content-length", std::to_string(limit + 1)}});
  REQUIRE(over);
  CHECK(over->status == 413);
  CHECK_FALSE(api.precheck("POST", "/api/auth", {{"Content-Length", std::to_string(limit)}}));
  CHECK_FALSE(api.precheck("POST", "/api/auth", {}));  // chunked: counted while it arrives
  // The upload routes have larger limits.
  CHECK(crm::rest::Api::body_limit("/api/import") > limit);
}

TEST_CASE("precheck checks the token against the route's tier") {
  crm::test::ApiFixture f;
  const auto& api = *f.api;
  const std::string admin = f.admin_token();
  const auto [rep, rep_id] = f.make_user("rep@example.com");

  // Public routes need no token, and a bad one does not hurt.
  CHECK_FALSE(api.precheck("POST", "/api/auth", {}));
  CHECK_FALSE(api.precheck("POST", "/api/auth", bearer("garbage")));

  auto anonymous = api.precheck("POST", "/api/companies", {{"Content-Length", "10"}});
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  auto forged = api.precheck("POST", "/api/companies", bearer("not-a-jwt"));
  REQUIRE(forged);
  CHECK(forged->status == 401);

  CHECK_FALSE(api.precheck("POST", "/api/companies", bearer(rep)));
  auto rep_invites = api.precheck("POST", "/api/users", bearer(rep));
  REQUIRE(rep_invites);
  CHECK(rep_invites->status == 403);
  CHECK_FALSE(api.precheck("POST", "/api/users", bearer(admin)));

  // The cookie works, and the Bearer header wins over it.
  CHECK_FALSE(api.precheck("POST", "/api/users", {{"Cookie", "a=b; token=" + admin}}));
  auto bearer_wins =
      api.precheck("POST", "/api/users", bearer(rep, {{"Cookie", "token=" + admin}}));
  REQUIRE(bearer_wins);
  CHECK(bearer_wins->status == 403);
}

TEST_CASE("precheck agrees with handle") {
  crm::test::ApiFixture f;
  const auto& api = *f.api;
  const auto [rep, rep_id] = f.make_user("rep2@example.com");

  struct Case {
    std::string method, target;
    Headers headers;
  };
  const Case cases[] = {
      {"GET", "/api/nope", {}},
      {"DELETE", "/api/health", {}},
      {"POST", "/api/companies", {}},
      {"POST", "/api/users", bearer(rep)},
      {"PATCH", "/api/users/x", bearer("bad")},
  };
  for (const auto& c : cases) {
    CAPTURE(c.target);
    auto pre = api.precheck(c.method, c.target, c.headers);
    REQUIRE(pre);
    crm::rest::Request request{c.method, c.target, c.headers, "{}", "127.0.0.1"};
    auto full = api.handle(request);
    CHECK(pre->status == full.status);
    CHECK(pre->body == full.body);
  }
}
