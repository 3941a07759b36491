#include "adapters/enrichment/provider_http.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

#include "crm/error.hpp"

namespace crm::providers::wire {
namespace json = boost::json;

Provider::Provider(std::string name, std::shared_ptr<http::Client> client, Endpoint endpoint)
    : name_(std::move(name)), client_(std::move(client)), endpoint_(std::move(endpoint)) {
  while (endpoint_.base_url.ends_with('/')) endpoint_.base_url.pop_back();
}

std::string Provider::url(std::string_view path, std::string_view q) const {
  std::string out = endpoint_.base_url;
  if (!path.starts_with('/')) out += '/';
  out += path;
  if (!q.empty()) out.append("?").append(q);
  return out;
}

http::Response Provider::send(http::Request request) const {
  if (request.timeout.count() == 0) request.timeout = endpoint_.timeout;
  try {
    return client_->send(request);
  } catch (const Error& e) {
    fail(e.what());
  }
}

json::value Provider::parse(const http::Response& response) const {
  boost::system::error_code ec;
  json::value v = json::parse(response.body, ec);
  if (ec) fail("response is not valid JSON");
  return v;
}

json::value Provider::json_of(const http::Response& response) const {
  if (!response.ok()) fail_status(response);
  return parse(response);
}

void Provider::fail(std::string_view message) const {
  throw Error(ErrorCode::kUpstream, name_ + ": " + std::string(message));
}

void Provider::fail_status(const http::Response& response) const {
  boost::system::error_code ec;
  const json::value body = json::parse(response.body, ec);
  std::optional<std::string> message;
  if (!ec) message = error_message(body);
  const std::string status = "HTTP " + std::to_string(response.status);
  fail(message ? *message + " (" + status + ")" : status);
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string query(std::initializer_list<std::pair<std::string_view, std::string_view>> params) {
  std::string out;
  for (const auto& [key, value] : params) {
    if (value.empty()) continue;
    if (!out.empty()) out += '&';
    out += url_encode(key) + "=" + url_encode(value);
  }
  return out;
}

const json::value* member(const json::value& v, std::string_view key) {
  if (!v.is_object()) return nullptr;
  return v.get_object().if_contains(json::string_view(key.data(), key.size()));
}

std::optional<std::string> string_at(const json::value& v, std::string_view key) {
  const json::value* m = member(v, key);
  if (!m || !m->is_string()) return std::nullopt;
  return std::string(m->get_string());
}

std::optional<double> number_at(const json::value& v, std::string_view key) {
  const json::value* m = member(v, key);
  if (!m) return std::nullopt;
  if (m->is_double()) return m->get_double();
  if (m->is_int64()) return static_cast<double>(m->get_int64());
  if (m->is_uint64()) return static_cast<double>(m->get_uint64());
  return std::nullopt;
}

std::optional<std::int64_t> integer_at(const json::value& v, std::string_view key) {
  const auto n = number_at(v, key);
  if (!n || !std::isfinite(*n)) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*n));
}

std::optional<bool> bool_at(const json::value& v, std::string_view key) {
  const json::value* m = member(v, key);
  if (!m || !m->is_bool()) return std::nullopt;
  return m->get_bool();
}

std::optional<std::string> error_message(const json::value& body) {
  if (const json::value* error = member(body, "error")) {
    if (error->is_string() && !error->get_string().empty()) return std::string(error->get_string());
    for (const char* key : {"message", "detail"})
      if (auto m = string_at(*error, key); m && !m->empty()) return m;
  }
  if (const json::value* errors = member(body, "errors");
      errors && errors->is_array() && !errors->get_array().empty()) {
    const json::value& first = errors->get_array().front();
    for (const char* key : {"details", "message", "id"})
      if (auto m = string_at(first, key); m && !m->empty()) return m;
  }
  for (const char* key : {"message", "detail", "reason", "error_code"})
    if (auto m = string_at(body, key); m && !m->empty()) return m;
  return std::nullopt;
}

}  // namespace crm::providers::wire
