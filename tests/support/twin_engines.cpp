#include "support/twin_engines.hpp"

#include "adapters/rest/json_writer.hpp"
#include "support/api_fixture.hpp"
#include "support/test_database.hpp"

namespace crm::test {

TwinEngines::TwinEngines(EngineOptions options) {
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  const std::string url = fresh_shared_database_url();
  for (std::size_t i = 0; i < engines_.size(); ++i) {
    engines_[i] = Engine::open(storage::open_database(url), options);
    apis_[i] = std::make_unique<rest::Api>(*engines_[i]);
  }
}

TwinResult TwinEngines::call(int i, const std::string& method, const std::string& target,
                             const std::string& token, const boost::json::value& body) {
  rest::Request req;
  req.method = method;
  req.target = target;
  req.remote_addr = "127.0.0.1";
  if (!body.is_null()) {
    req.body = rest::write_json(body);
    req.headers.emplace_back("Content-Type", "application/json");
  }
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  const rest::Response res = apis_[static_cast<std::size_t>(i % 2)]->handle(req);
  TwinResult out{res.status, nullptr};
  boost::system::error_code ec;
  out.body = boost::json::parse(res.body, ec);
  return out;
}

}  // namespace crm::test
