#pragma once
// What every provider adapter shares: where the provider is (base URL, key, timeout), URL
// building, and turning a provider's answer into JSON or into the one error of the port
// contract (crm::Error(kUpstream) "<Provider>: <its message>").

#include <boost/json/value.hpp>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "crm/ports/http_client.hpp"

namespace crm::providers::wire {

struct Endpoint {
  std::string base_url;  // "https://api.hunter.io/v2" (a trailing slash is ignored)
  std::string api_key;
  std::chrono::milliseconds timeout{20000};
};

// One provider as its adapter sees it: a name for messages, its endpoint and the shared client.
class Provider {
 public:
  Provider(std::string name, std::shared_ptr<http::Client> client, Endpoint endpoint);

  const std::string& name() const { return name_; }
  const Endpoint& endpoint() const { return endpoint_; }

  // base_url + path ("/email-finder") + "?" + query (when not empty).
  std::string url(std::string_view path, std::string_view query = {}) const;

  // Sends with the endpoint's timeout. A transport failure becomes "<name>: <cause>".
  http::Response send(http::Request request) const;

  // The body of a 2xx response as JSON. A non-2xx answer throws "<name>: <provider message>
  // (HTTP <status>)"; a body that is not JSON throws "<name>: response is not valid JSON".
  boost::json::value json_of(const http::Response& response) const;
  // The body as JSON whatever the status; "<name>: response is not valid JSON" otherwise.
  boost::json::value parse(const http::Response& response) const;

  // Throws crm::Error(kUpstream) "<name>: <message>".
  [[noreturn]] void fail(std::string_view message) const;
  // Throws the error of a non-2xx response (its message, else the status).
  [[noreturn]] void fail_status(const http::Response& response) const;

 private:
  std::string name_;
  std::shared_ptr<http::Client> client_;
  Endpoint endpoint_;
};

// A request with only its method and URL set.
inline http::Request request(std::string method, std::string url) {
  http::Request r;
  r.method = std::move(method);
  r.url = std::move(url);
  return r;
}

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);
// "a=1&b=x%20y" from pairs; pairs with an empty value are left out.
std::string query(std::initializer_list<std::pair<std::string_view, std::string_view>> params);

// The provider's own error message in a JSON error body, in the shapes the providers of
// INTEGRATIONS.md §9-§10 use ({"error":{"message"}}, {"errors":[{"details"}]}, {"message"},
// {"error":"..."}, {"reason"}, {"error":{"detail"}}, {"error_code"}).
std::optional<std::string> error_message(const boost::json::value& body);

// Field readers that never throw: nullopt when absent, null or of another type.
std::optional<std::string> string_at(const boost::json::value& v, std::string_view key);
std::optional<double> number_at(const boost::json::value& v, std::string_view key);
std::optional<std::int64_t> integer_at(const boost::json::value& v, std::string_view key);
std::optional<bool> bool_at(const boost::json::value& v, std::string_view key);
// The member `key` of an object, or nullptr.
const boost::json::value* member(const boost::json::value& v, std::string_view key);

}  // namespace crm::providers::wire
