// POST/PUT /api/auth, GET /api/health, and the router's generic error paths.
#include <doctest/doctest.h>

#include "core/security/jwt.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

TEST_CASE("health is public") {
  ApiFixture f;
  auto r = f.call("GET", "/api/health");
  CHECK(r.status == 200);
  CHECK(r.body.at("status") == "ok");
  CHECK(r.body.at("service") == "libcrm");
  CHECK(r.body.at("timestamp").as_string().ends_with("Z"));
  CHECK(r.body.as_object().contains("version"));
}

TEST_CASE("first-user setup creates an admin once") {
  ApiFixture f;
  auto r = f.call("PUT", "/api/auth", "",
                  json::value{{"email", " Owner@Example.com "}, {"password", "long-enough"}, {"firstName", "Olga"}});
  REQUIRE(r.status == 201);
  CHECK(r.body.at("user").at("role") == "ADMIN");
  CHECK(r.body.at("user").at("email") == "owner@example.com");
  CHECK_FALSE(r.body.at("user").as_object().contains("passwordHash"));
  const auto cookie = r.raw.header("Set-Cookie");
  REQUIRE(cookie);
  CHECK(cookie->find("HttpOnly") != std::string_view::npos);
  CHECK(cookie->find("Max-Age=604800") != std::string_view::npos);
  CHECK(cookie->find("SameSite=Lax") != std::string_view::npos);

  auto again = f.call("PUT", "/api/auth", "",
                      json::value{{"email", "x@example.com"}, {"password", "long-enough"}, {"firstName", "X"}});
  CHECK(again.status == 403);
  CHECK(again.error() == "SETUP_ALREADY_COMPLETED");
}

TEST_CASE("setup validates its body") {
  ApiFixture f;
  CHECK(f.call("PUT", "/api/auth", "", json::value{{"email", "bad"}, {"password", "long-enough"}, {"firstName", "A"}}).status == 400);
  CHECK(f.call("PUT", "/api/auth", "", json::value{{"email", "a@b.co"}, {"password", "short"}, {"firstName", "A"}}).status == 400);
  CHECK(f.call("PUT", "/api/auth", "", json::value{{"email", "a@b.co"}, {"password", "long-enough"}}).status == 400);
  CHECK(f.call("PUT", "/api/auth", "", std::string("{not json")).status == 400);
  CHECK(f.call("PUT", "/api/auth", "", json::value{{"email", 5}, {"password", "long-enough"}, {"firstName", "A"}}).status == 400);
}

TEST_CASE("login: success, uniform failures, cookie transport, lastLoginAt") {
  ApiFixture f;
  f.admin_token();
  auto ok = f.call("POST", "/api/auth", "", json::value{{"email", "ADMIN@example.com"}, {"password", "correct-horse"}});
  REQUIRE(ok.status == 200);
  CHECK(ok.body.at("user").at("lastLoginAt").is_string());
  const std::string token(ok.body.at("token").as_string());

  auto wrong = f.call("POST", "/api/auth", "", json::value{{"email", "admin@example.com"}, {"password", "nope-nope"}});
  auto unknown = f.call("POST", "/api/auth", "", json::value{{"email", "who@example.com"}, {"password", "nope-nope"}});
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(wrong.error() == "Invalid credentials");
  CHECK(unknown.error() == "Invalid credentials");

  rest::Request req{"GET", "/api/users/me", {{"Cookie", "theme=dark; token=" + token}}, "", "127.0.0.1"};
  CHECK(f.api->handle(req).status == 200);
}

TEST_CASE("an inactive user can neither log in nor use a token") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/users/me", rep_token).status == 200);
  CHECK(f.call("DELETE", "/api/users/" + rep_id, f.admin_token()).status == 200);
  CHECK(f.call("GET", "/api/users/me", rep_token).status == 401);
}

TEST_CASE("login is rate limited after 10 failures in 15 minutes") {
  ApiFixture f;
  f.admin_token();
  const json::value bad{{"email", "admin@example.com"}, {"password", "wrong-password"}};
  for (int i = 0; i < 10; ++i) CHECK(f.call("POST", "/api/auth", "", bad).status == 401);
  auto limited = f.call("POST", "/api/auth", "", json::value{{"email", "admin@example.com"}, {"password", "correct-horse"}});
  CHECK(limited.status == 429);
  CHECK(limited.raw.header("Retry-After").has_value());
  f.clock->advance(15 * kMinuteMs + 1);
  CHECK(f.call("POST", "/api/auth", "", json::value{{"email", "admin@example.com"}, {"password", "correct-horse"}}).status == 200);
}

TEST_CASE("tokens: expiry, foreign algorithms, bad signatures, legacy tokens") {
  ApiFixture f;
  const std::string token = f.admin_token();
  const std::string id = f.admin_id();
  CHECK(f.call("GET", "/api/users/me", "garbage").status == 401);
  CHECK(f.call("GET", "/api/users/me", token + "x").status == 401);

  // A token minted by the previous system: same secret, its own claim order, no typ.
  const std::int64_t now_s = kStartTime / 1000;
  const std::string legacy_payload = R"({"userId":")" + id + R"(","email":"admin@example.com","role":"ADMIN","iat":)" +
                                     std::to_string(now_s) + R"(,"exp":)" + std::to_string(now_s + 3600) + "}";
  CHECK(f.call("GET", "/api/users/me", jwt::sign_hs256(legacy_payload, kJwtSecret)).status == 200);
  CHECK(f.call("GET", "/api/users/me", jwt::sign_hs256(legacy_payload, "another-secret-another-secret-1234")).status == 401);

  // alg "none" is refused even with the right payload.
  const std::string none = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + token.substr(token.find('.') + 1, token.rfind('.') - token.find('.') - 1) + ".";
  CHECK(f.call("GET", "/api/users/me", none).status == 401);

  f.clock->advance(7 * kDayMs + kSecondMs);
  CHECK(f.call("GET", "/api/users/me", token).status == 401);
}

TEST_CASE("router: unknown path 404, wrong method 405, oversized body 413") {
  ApiFixture f;
  auto nf = f.call("GET", "/api/nope");
  CHECK(nf.status == 404);
  CHECK(nf.error() == "Not found");
  auto wm = f.call("DELETE", "/api/health");
  CHECK(wm.status == 405);
  CHECK(wm.raw.header("Allow") == "GET");
  auto big = f.call("POST", "/api/auth", "", std::string(rest::Api::body_limit("/api/auth") + 1, 'x'));
  CHECK(big.status == 413);
}

TEST_CASE("route tiers: 401 without a token, 403 for a rep on admin routes") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/users/me").status == 401);
  CHECK(f.call("POST", "/api/users", rep_token, json::value{{"email", "a@b.co"}, {"firstName", "A"}, {"role", "REP"}}).status == 403);
  auto forbidden = f.call("GET", "/api/users", rep_token);
  CHECK(forbidden.status == 403);
  CHECK(f.call("GET", "/api/users?active=true", rep_token).status == 200);
}
