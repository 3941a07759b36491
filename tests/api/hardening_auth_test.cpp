// Issue #9, defects 2, 5 and 9 (the core half): strict tokens, revocation, the password pool
// and the login throttle. Each case is an attack the server once failed.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/security/jwt.hpp"
#include "core/util/base64.hpp"
#include "crm/error.hpp"
#include "crm/storage.hpp"
#include "support/api_fixture.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

const json::value kAdminLogin{{"email", "admin@example.com"}, {"password", "correct-horse"}};

// A token for `user_id` signed with the test secret, its claims as given.
std::string signed_token(const std::string& claims_json) {
  return jwt::sign_hs256(claims_json, kJwtSecret);
}

std::string claims(const std::string& user_id, const std::string& iat, const std::string& exp) {
  return R"({"userId":")" + user_id + R"(","email":"admin@example.com","role":"ADMIN","iat":)" +
         iat + R"(,"exp":)" + exp + "}";
}

std::string standard_alphabet(std::string token) {
  for (char& c : token) c = c == '-' ? '+' : c == '_' ? '/' : c;
  return token;
}

// Runs `n` password hashes of `cost` on the engine's pool from threads of their own, returning
// once all of them are running or queued.
struct PoolLoad {
  std::vector<std::thread> threads;
  PoolLoad(ApiFixture& f, int n, int cost) {
    auto& pool = f.engine->runtime().passwords;
    const std::size_t before = pool.in_flight();
    for (int i = 0; i < n; ++i)
      threads.emplace_back([&pool, cost] {
        // The queue may still hold the previous request for a moment: retry until accepted.
        for (;;) {
          try {
            pool.hash("some-password", cost);
            return;
          } catch (const Error& e) {
            if (e.code() != ErrorCode::kUnavailable) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
          }
        }
      });
    while (pool.in_flight() < before + n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~PoolLoad() {
    for (auto& t : threads) t.join();
  }
};

}  // namespace

TEST_CASE("tokens: iat/exp that are not integers in [0, 2^53) answer 401, never 500") {
  ApiFixture f;
  const std::string id = f.admin_id();
  const std::string now = std::to_string(kStartTime / 1000);
  const std::string hour_later = std::to_string(kStartTime / 1000 + 3600);
  REQUIRE(f.call("GET", "/api/users/me", signed_token(claims(id, now, hour_later))).status == 200);
  for (const std::string& exp :
       {std::string("9223372036854775808"), std::string("18446744073709551616"),
        std::string("1e300"), std::string("9007199254740992"), std::string("-1"),
        std::string("\"") + hour_later + "\"", hour_later + ".5", std::string("null"),
        std::string("true")}) {
    auto r = f.call("GET", "/api/users/me", signed_token(claims(id, now, exp)));
    CHECK_MESSAGE(r.status == 401, "exp ", exp);
  }
  for (const std::string& iat : {std::string("9223372036854775808"), std::string("-5"),
                                 std::string("1.5"), std::to_string(kStartTime / 1000 + 61)}) {
    auto r = f.call("GET", "/api/users/me", signed_token(claims(id, iat, hour_later)));
    CHECK_MESSAGE(r.status == 401, "iat ", iat);
  }
  // Clock skew up to 60 s is tolerated.
  CHECK(f.call("GET", "/api/users/me",
               signed_token(claims(id, std::to_string(kStartTime / 1000 + 60), hour_later)))
            .status == 200);
}

TEST_CASE("tokens: padded, standard-alphabet and non-canonical variants are refused") {
  ApiFixture f;
  f.admin_token();
  const User admin = f.engine->users().get(f.admin_id());
  // The signature is what a lax decoder would read two ways (header and payload are signed as
  // text): find a token whose signature holds '-' or '_'.
  const auto signature_of = [](const std::string& t) { return t.substr(t.rfind('.') + 1); };
  std::string token;
  for (int i = 0; i < 200 && signature_of(token).find_first_of("-_") == std::string::npos; ++i) {
    f.clock->advance(kSecondMs);
    token = f.engine->auth().issue_token(admin);
  }
  REQUIRE(signature_of(token).find_first_of("-_") != std::string::npos);
  REQUIRE(f.call("GET", "/api/users/me", token).status == 200);

  const auto dot2 = token.rfind('.');
  const std::string signed_part = token.substr(0, dot2);
  const std::string signature = signature_of(token);
  CHECK(f.call("GET", "/api/users/me", signed_part + "." + standard_alphabet(signature)).status ==
        401);
  // The HS256 signature is 32 bytes: 43 characters, which padding makes 44.
  CHECK(f.call("GET", "/api/users/me", token + "=").status == 401);
  // The signature's last character carries 2 unused bits: setting one decodes to the same bytes
  // under a lax decoder, so only the canonical text may pass.
  std::string loose = signature;
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  loose.back() = alphabet[alphabet.find(loose.back()) | 1];
  REQUIRE(base64_decode(loose) == base64_decode(signature));
  CHECK(f.call("GET", "/api/users/me", signed_part + "." + loose).status == 401);
}

TEST_CASE("revocation: a password change ends earlier tokens and hands out a new one") {
  ApiFixture f;
  const std::string old_token = f.admin_token();
  // A token of the previous system (no version claim) of the same user.
  const std::string legacy = signed_token(claims(f.admin_id(), std::to_string(kStartTime / 1000),
                                                 std::to_string(kStartTime / 1000 + 3600)));
  REQUIRE(f.call("GET", "/api/users/me", legacy).status == 200);
  auto r =
      f.call("PATCH", "/api/users/me", old_token,
             json::value{{"currentPassword", "correct-horse"}, {"newPassword", "battery-staple"}});
  REQUIRE(r.status == 200);
  const std::string fresh(r.body.at("token").as_string());
  const auto cookie = r.raw.header("Set-Cookie");
  REQUIRE(cookie);
  CHECK(cookie->starts_with("token=" + fresh + ";"));
  CHECK(f.call("GET", "/api/users/me", old_token).status == 401);
  CHECK(f.call("GET", "/api/users/me", legacy).status == 401);
  CHECK(f.call("GET", "/api/users/me", fresh).status == 200);
  // A profile edit without a password change keeps the session.
  CHECK(f.call("PATCH", "/api/users/me", fresh, json::value{{"firstName", "Ada"}}).status == 200);
  CHECK(f.call("GET", "/api/users/me", fresh).status == 200);
}

TEST_CASE("revocation: deactivation and role changes end the user's tokens") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [admin2_token, admin2_id] = f.make_user("admin2@example.com", Role::kAdmin);
  // Demoted: the old token still says ADMIN; it must not work at all.
  REQUIRE(f.call("PATCH", "/api/users/" + admin2_id, admin, json::value{{"role", "REP"}}).status ==
          200);
  CHECK(f.call("GET", "/api/users/me", admin2_token).status == 401);
  CHECK(f.call("GET", "/api/users", admin2_token).status == 401);
  // Deactivated, then reactivated: the old token stays dead.
  REQUIRE(f.call("DELETE", "/api/users/" + rep_id, admin).status == 200);
  REQUIRE(f.call("PATCH", "/api/users/" + rep_id, admin, json::value{{"isActive", true}}).status ==
          200);
  CHECK(f.call("GET", "/api/users/me", rep_token).status == 401);
  // An edit that changes neither keeps sessions.
  const std::string admin2_fresh = f.engine->auth().issue_token(f.engine->users().get(admin2_id));
  REQUIRE(f.call("GET", "/api/users/me", admin2_fresh).status == 200);
  REQUIRE(
      f.call("PATCH", "/api/users/" + admin2_id, admin, json::value{{"lastName", "B"}}).status ==
      200);
  CHECK(f.call("GET", "/api/users/me", admin2_fresh).status == 200);
}

TEST_CASE("throttle: wrong currentPassword counts as a failed login of the account") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const json::value wrong{{"currentPassword", "not-my-password"},
                          {"newPassword", "new-password-1"}};
  for (int i = 0; i < 10; ++i) {
    auto r = f.call("PATCH", "/api/users/me", admin, wrong);
    REQUIRE(r.status == 400);
    CHECK(r.error() == "Current password is incorrect");
  }
  auto limited = f.call("PATCH", "/api/users/me", admin, wrong);
  CHECK(limited.status == 429);
  CHECK(limited.raw.header("Retry-After").has_value());
  // Even the right password is refused, and so is a login to the account.
  CHECK(f.call("PATCH", "/api/users/me", admin,
               json::value{{"currentPassword", "correct-horse"}, {"newPassword", "new-password-1"}})
            .status == 429);
  CHECK(f.call("POST", "/api/auth", "", kAdminLogin).status == 429);
  f.clock->advance(15 * kMinuteMs + kSecondMs);
  CHECK(f.call("POST", "/api/auth", "", kAdminLogin).status == 200);
}

TEST_CASE("throttle: the limit holds across two engines on one database") {
  const std::string url = fresh_shared_database_url();
  auto clock = std::make_shared<FakeClock>(kStartTime);
  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  options.clock = clock;
  auto engine1 = Engine::open(storage::open_database(url), options);
  auto engine2 = Engine::open(storage::open_database(url), options);
  rest::Api api1(*engine1), api2(*engine2);
  const auto call = [](rest::Api& api, const json::value& body, const std::string& method) {
    rest::Request req;
    req.method = method;
    req.target = "/api/auth";
    req.body = json::serialize(body);
    req.headers.emplace_back("Content-Type", "application/json");
    req.remote_addr = "127.0.0.1";
    return api.handle(req).status;
  };
  REQUIRE(
      call(api1,
           json::value{
               {"email", "admin@example.com"}, {"password", "correct-horse"}, {"firstName", "Ada"}},
           "PUT") == 201);
  const json::value bad{{"email", "admin@example.com"}, {"password", "wrong-password"}};
  for (int i = 0; i < 5; ++i) {
    CHECK(call(api1, bad, "POST") == 401);
    CHECK(call(api2, bad, "POST") == 401);
  }
  CHECK(call(api1, kAdminLogin, "POST") == 429);
  CHECK(call(api2, kAdminLogin, "POST") == 429);
  // A server restart (a third engine) remembers too.
  auto engine3 = Engine::open(storage::open_database(url), options);
  rest::Api api3(*engine3);
  CHECK(call(api3, kAdminLogin, "POST") == 429);
}

TEST_CASE("pool: setup after setup is 403 without hashing; a full pool is 503 + Retry-After") {
  ApiFixture f([](EngineOptions& o) {
    o.password_hash_threads = 1;
    o.password_hash_queue = 1;
  });
  const std::string admin = f.admin_token();
  const json::value setup{
      {"email", "second@example.com"}, {"password", "long-enough"}, {"firstName", "Eve"}};
  {
    // One hash running, one waiting: the queue is full.
    PoolLoad load(f, 2, 14);
    auto r = f.call("PUT", "/api/auth", "", setup);
    CHECK(r.status == 403);  // decided before hashing: no queue slot needed
    CHECK(r.error() == "SETUP_ALREADY_COMPLETED");
    auto login = f.call("POST", "/api/auth", "", kAdminLogin);
    CHECK(login.status == 503);
    CHECK(login.raw.header("Retry-After") == "1");
    auto change = f.call(
        "PATCH", "/api/users/me", admin,
        json::value{{"currentPassword", "correct-horse"}, {"newPassword", "battery-staple"}});
    CHECK(change.status == 503);
    // Signed-in work that needs no hashing is served meanwhile.
    CHECK(f.call("GET", "/api/users/me", admin).status == 200);
  }
  // A refused login was not counted as a failure, and the pool serves again.
  CHECK(f.sql("SELECT COUNT(*) AS n FROM login_failures").first().integer("n") == 0);
  CHECK(f.call("POST", "/api/auth", "", kAdminLogin).status == 200);
  CHECK(f.engine->runtime().passwords.in_flight() == 0);
}
