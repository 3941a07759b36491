// Races that two server processes on one database could lose (DOMAIN.md §18), each run with
// two engines on one database — a SQLite file, or PostgreSQL when CRM_TEST_POSTGRES_URL is set.
// Each would break if its guard (named lock, row lock, unique constraint) were removed.
#include <doctest/doctest.h>

#include <atomic>
#include <barrier>
#include <map>
#include <mutex>
#include <thread>

#include "support/race.hpp"
#include "support/twin_engines.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

EngineOptions roomy_password_pool() {
  EngineOptions o;
  // These tests race the database, not the hashing pool: hash in parallel, queue everyone.
  o.password_hash_threads = 8;
  o.password_hash_queue = 64;
  return o;
}

std::string setup_admin(TwinEngines& t) {
  auto r = t.call(
      0, "PUT", "/api/auth", "",
      json::value{
          {"email", "root@example.com"}, {"password", "correct-horse"}, {"firstName", "Root"}});
  REQUIRE(r.status == 201);
  return std::string(r.body.at("token").as_string());
}

}  // namespace

TEST_CASE("races: 20 concurrent first-user setups create exactly one admin") {
  TwinEngines t(roomy_password_pool());
  const auto statuses = race(20, [&](int i) {
    return t
        .call(i, "PUT", "/api/auth", "",
              json::value{{"email", "admin" + std::to_string(i) + "@example.com"},
                          {"password", "correct-horse"},
                          {"firstName", "Admin"}})
        .status;
  });
  CHECK(statuses.at(201) == 1);
  CHECK(statuses.at(403) == 19);
  CHECK(t.sql("SELECT COUNT(*) AS n FROM users").first().integer("n") == 1);
}

TEST_CASE("races: two admins demoting each other leave one admin") {
  for (int round = 0; round < 5; ++round) {
    TwinEngines t(roomy_password_pool());
    const std::string root = setup_admin(t);
    auto invited = t.call(
        0, "POST", "/api/users", root,
        json::value{{"email", "second@example.com"}, {"firstName", "Sec"}, {"role", "ADMIN"}});
    REQUIRE(invited.status == 201);
    const std::string second_id(invited.body.at("data").at("user").at("id").as_string());
    const std::string password(invited.body.at("data").at("tempPassword").as_string());
    auto login = t.call(1, "POST", "/api/auth", "",
                        json::value{{"email", "second@example.com"}, {"password", password}});
    REQUIRE(login.status == 200);
    const std::string second(login.body.at("token").as_string());
    const std::string root_id(
        t.call(0, "GET", "/api/users/me", root).body.at("data").at("id").as_string());

    const auto statuses = race(2, [&](int i) {
      return i == 0
                 ? t.call(0, "PATCH", "/api/users/" + second_id, root, json::value{{"role", "REP"}})
                       .status
                 : t.call(1, "PATCH", "/api/users/" + root_id, second, json::value{{"role", "REP"}})
                       .status;
    });
    CHECK(t.sql("SELECT COUNT(*) AS n FROM users WHERE role = 'ADMIN' AND is_active = 1")
              .first()
              .integer("n") == 1);
    // One demotion lands; the other is refused by the guard, or by the revoked token of an
    // admin who was just demoted.
    CHECK(statuses.at(200) == 1);
  }
}

TEST_CASE("races: 8 concurrent contacts with one email: one created, seven 409 naming it") {
  TwinEngines t;
  const std::string token = setup_admin(t);
  std::mutex mu;
  std::vector<json::value> conflicts;
  const auto statuses = race(8, [&](int i) {
    auto r =
        t.call(i, "POST", "/api/contacts", token,
               json::value{{"email", "Same@Example.com"}, {"firstName", "P" + std::to_string(i)}});
    if (r.status == 409) {
      std::lock_guard lock(mu);
      conflicts.push_back(r.body);
    }
    return r.status;
  });
  CHECK(statuses.at(201) == 1);
  CHECK(statuses.at(409) == 7);
  const std::string id(t.sql("SELECT id FROM contacts WHERE email_normalized = 'same@example.com'")
                           .first()
                           .text("id"));
  for (const auto& body : conflicts) CHECK(body.at("existingContactId") == json::value(id));
}

TEST_CASE("races: concurrent default-address toggles leave one default billing address") {
  TwinEngines t;
  const std::string token = setup_admin(t);
  auto company = t.call(0, "POST", "/api/companies", token, json::value{{"name", "Racy Co"}});
  REQUIRE(company.status == 201);
  const std::string company_id(company.body.at("data").at("id").as_string());
  const auto statuses = race(8, [&](int i) {
    return t
        .call(i, "POST", "/api/companies/" + company_id + "/addresses", token,
              json::value{{"type", "BILLING"},
                          {"addressLine1", std::to_string(i) + " Main St"},
                          {"city", "Austin"},
                          {"state", "TX"},
                          {"zip", "78701"},
                          {"isDefaultBilling", true}})
        .status;
  });
  CHECK(statuses.at(201) == 8);
  CHECK(t.sql("SELECT COUNT(*) AS n FROM addresses WHERE company_id = ? AND is_default_billing = 1",
              company_id)
            .first()
            .integer("n") == 1);
}

TEST_CASE("races: the login throttle holds across engines") {
  TwinEngines t;
  setup_admin(t);
  for (int i = 0; i < 10; ++i)
    CHECK(t.call(i, "POST", "/api/auth", "",
                 json::value{{"email", "root@example.com"}, {"password", "wrong-one"}})
              .status == 401);
  for (int i = 0; i < 2; ++i)
    CHECK(t.call(i, "POST", "/api/auth", "",
                 json::value{{"email", "root@example.com"}, {"password", "correct-horse"}})
              .status == 429);
}
