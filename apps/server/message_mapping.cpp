#include "message_mapping.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace crm::server {
namespace http = boost::beast::http;

namespace {
constexpr std::string_view kServerName = "libcrm";
}

rest::Request to_rest_request(BeastRequest& request, std::string remote_addr) {
  rest::Request out;
  // HEAD is answered as GET; to_beast_response then drops the body.
  out.method = request.method() == boost::beast::http::verb::head
                   ? std::string("GET")
                   : std::string(request.method_string());
  out.target = std::string(request.target());
  out.headers.reserve(std::distance(request.begin(), request.end()));
  for (const auto& field : request)
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  out.body = std::move(request.body());
  out.remote_addr = std::move(remote_addr);
  return out;
}

BeastResponse to_beast_response(rest::Response&& response, unsigned http_version, bool keep_alive,
                                bool head_request) {
  BeastResponse out{static_cast<http::status>(response.status), http_version};
  for (auto& [name, value] : response.headers) {
    // The server owns framing headers; an adapter value would contradict the real body.
    if (http::string_to_field(name) == http::field::content_length ||
        http::string_to_field(name) == http::field::transfer_encoding ||
        http::string_to_field(name) == http::field::connection)
      continue;
    out.insert(name, value);
  }
  out.set(http::field::server, kServerName);
  out.keep_alive(keep_alive);
  if (head_request) {
    out.content_length(response.body.size());
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
  }
  return out;
}

BeastResponse server_error_response(unsigned status, std::string message, unsigned http_version) {
  boost::json::value body = {{"error", std::move(message)}};
  BeastResponse out{static_cast<http::status>(status), http_version};
  out.set(http::field::server, kServerName);
  out.set(http::field::content_type, "application/json");
  out.keep_alive(false);
  out.body() = boost::json::serialize(body);
  out.prepare_payload();
  return out;
}

std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

}  // namespace crm::server
