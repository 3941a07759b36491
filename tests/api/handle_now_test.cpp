// Api::handle_now: what the server answers on its I/O thread without a worker. Only GET
// /api/health (job counts of the last second in memory) and GET /api/users/me (the caller in
// the principal cache) qualify, with the same bytes handle() gives; everything else, and every
// case that would need the database, is left to handle().
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;

namespace {

rest::Request get(const std::string& target, const std::string& token = "") {
  rest::Request req;
  req.method = "GET";
  req.target = target;
  req.remote_addr = "127.0.0.1";
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  return req;
}

}  // namespace

TEST_CASE("handle_now: health once its job counts are in memory, as handle() answers it") {
  ApiFixture f;
  CHECK_FALSE(f.api->handle_now(get("/api/health")));  // the counts were never read
  const rest::Response by_worker = f.api->handle(get("/api/health"));
  REQUIRE(by_worker.status == 200);
  const auto now = f.api->handle_now(get("/api/health"));
  REQUIRE(now);
  CHECK(now->status == 200);
  CHECK(now->body == by_worker.body);
  CHECK(now->header("Content-Type") == "application/json");
  // A second later the counts are read again, by a worker.
  f.clock->advance(kSecondMs);
  CHECK_FALSE(f.api->handle_now(get("/api/health")));
}

TEST_CASE("handle_now: users/me of a cached, active caller; never a refusal of its own") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  auto [rep, rep_id] = f.make_user("rep@example.com");
  f.engine->runtime().principals.forget(rep_id);
  CHECK_FALSE(f.api->handle_now(get("/api/users/me", rep)));  // not cached: a worker reads it
  const rest::Response by_worker = f.api->handle(get("/api/users/me", rep));
  REQUIRE(by_worker.status == 200);
  const auto now = f.api->handle_now(get("/api/users/me", rep));
  REQUIRE(now);
  CHECK(now->status == 200);
  CHECK(now->body == by_worker.body);

  // No token, a bad token, a route that reads the database, a request with a body: handle().
  CHECK_FALSE(f.api->handle_now(get("/api/users/me")));
  CHECK_FALSE(f.api->handle_now(get("/api/users/me", rep + "x")));
  CHECK_FALSE(f.api->handle_now(get("/api/leads", rep)));
  CHECK_FALSE(f.api->handle_now(get("/api/users", admin)));
  rest::Request with_body = get("/api/users/me", rep);
  with_body.body = "{}";
  CHECK_FALSE(f.api->handle_now(with_body));

  // Deactivated through this engine: no longer served from memory, and refused by handle().
  REQUIRE(f.call("DELETE", "/api/users/" + rep_id, admin).status == 200);
  CHECK_FALSE(f.api->handle_now(get("/api/users/me", rep)));
  CHECK(f.api->handle(get("/api/users/me", rep)).status == 401);
}
