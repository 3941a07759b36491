#include "support/api_fixture.hpp"

#include <doctest/doctest.h>

#include "adapters/rest/json_writer.hpp"
#include "core/lists/recount.hpp"
#include "support/test_database.hpp"

namespace crm::test {

std::string ApiResult::error() const {
  if (!body.is_object() || !body.as_object().contains("error")) return "";
  return std::string(body.as_object().at("error").as_string());
}

ApiFixture::ApiFixture() : ApiFixture([](EngineOptions&) {}) {}

ApiFixture::ApiFixture(const std::function<void(EngineOptions&)>& configure)
    : clock(std::make_shared<FakeClock>(kStartTime)) {
  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  options.clock = clock;
  configure(options);
  engine = Engine::open(open_fresh_database(), options);
  api = std::make_unique<rest::Api>(*engine);
}

ApiFixture::~ApiFixture() {
  lists::RecountReport report;
  try {
    report = lists::recount(engine->database());
  } catch (const std::exception& e) {  // a destructor must not throw
    FAIL_CHECK("recount failed: " << e.what());
    return;
  }
  for (const auto& d : report.counts)
    FAIL_CHECK("list_counts " << d.list << "/" << d.scope << "/" << d.bucket << ": stored "
                              << d.stored_count << " (" << d.stored_revenue << "), rows say "
                              << d.actual_count << " (" << d.actual_revenue << ")");
  CHECK(report.stale_lead_scopes == 0);
  CHECK(report.stale_activity_scopes == 0);
}

ApiResult ApiFixture::call(const std::string& method, const std::string& target,
                           const std::string& token, const std::string& body) {
  rest::Request req;
  req.method = method;
  req.target = target;
  req.body = body;
  req.remote_addr = "127.0.0.1";
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  ApiResult result;
  result.raw = api->handle(req);
  result.status = result.raw.status;
  boost::system::error_code ec;
  result.body = boost::json::parse(result.raw.body, ec);
  if (ec) result.body = nullptr;
  return result;
}

ApiResult ApiFixture::call(const std::string& method, const std::string& target,
                           const std::string& token, const boost::json::value& body) {
  return call(method, target, token, rest::write_json(body));
}

std::string ApiFixture::admin_token() {
  if (admin_token_.empty()) {
    auto r = call("PUT", "/api/auth", "",
                  boost::json::value{{"email", "admin@example.com"},
                                     {"password", "correct-horse"},
                                     {"firstName", "Ada"},
                                     {"lastName", "Admin"}});
    admin_token_ = std::string(r.body.at("token").as_string());
    admin_id_ = std::string(r.body.at("user").at("id").as_string());
  }
  return admin_token_;
}

std::string ApiFixture::admin_id() {
  admin_token();
  return admin_id_;
}

std::pair<std::string, std::string> ApiFixture::make_user(const std::string& email, Role role) {
  auto invited = call(
      "POST", "/api/users", admin_token(),
      boost::json::value{
          {"email", email}, {"firstName", "Rep"}, {"lastName", email}, {"role", to_string(role)}});
  const auto& d = invited.data().as_object();
  const std::string id(d.at("user").at("id").as_string());
  const std::string password(d.at("tempPassword").as_string());
  auto login =
      call("POST", "/api/auth", "", boost::json::value{{"email", email}, {"password", password}});
  return {std::string(login.body.at("token").as_string()), id};
}

}  // namespace crm::test
