#pragma once
// An engine on a fresh database (in-memory SQLite, or a fresh PostgreSQL schema when
// CRM_TEST_POSTGRES_URL is set: support/test_database.hpp), a fake clock, and the REST adapter,
// with helpers to call endpoints as a given user and read JSON back.

#include <boost/json.hpp>

#include <functional>
#include <memory>
#include <string>

#include "adapters/rest/api.hpp"
#include "core/runtime.hpp"
#include "crm/crm.hpp"

namespace crm::test {

inline constexpr TimeMs kStartTime = 1'795'000'000'000;  // 2026-11-18T..Z
inline constexpr const char* kJwtSecret = "test-secret-0123456789abcdef0123456789";

struct ApiResult {
  int status = 0;
  boost::json::value body;
  rest::Response raw;

  // body["data"]
  const boost::json::value& data() const { return body.as_object().at("data"); }
  std::string error() const;
};

class ApiFixture {
 public:
  ApiFixture();
  // An engine whose options `configure` adjusts first (providers, data_dir, ...).
  explicit ApiFixture(const std::function<void(EngineOptions&)>& configure);

  std::shared_ptr<FakeClock> clock;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<rest::Api> api;

  // Sends a request with an optional bearer token and JSON body text.
  ApiResult call(const std::string& method, const std::string& target,
                 const std::string& token = "", const std::string& body = "");
  ApiResult call(const std::string& method, const std::string& target, const std::string& token,
                 const boost::json::value& body);

  // Runs one statement in its own write transaction: for seeding rows of areas whose endpoints
  // a test does not exercise, and for reading back what a call wrote.
  template <class... Args>
  sql::Result sql(std::string_view text, Args&&... args) {
    return engine->database().write(
        [&](sql::Transaction& tx) { return tx.query(text, std::forward<Args>(args)...); });
  }

  // Creates the first admin through PUT /api/auth; returns its token. Idempotent per fixture.
  std::string admin_token();
  std::string admin_id();
  // Invites a user with `role` and logs them in; returns {token, id}.
  std::pair<std::string, std::string> make_user(const std::string& email, Role role = Role::kRep);

 private:
  std::string admin_token_;
  std::string admin_id_;
};

}  // namespace crm::test
