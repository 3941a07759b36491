#include "adapters/rest/handler_kit.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

#include "adapters/rest/json_writer.hpp"
#include "core/util/text_rules.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"

namespace crm::rest {
namespace {

[[noreturn]] void wrong_type(std::string_view key, std::string_view expected) {
  throw Error::invalid(std::string(key) + " must be " + std::string(expected));
}

const json::value* find(const json::object& body, std::string_view key) {
  return body.if_contains(json::string_view(key.data(), key.size()));
}

// Money as a JSON number or a numeric string, read the same way (DOMAIN.md §1): both go
// through the decimal text, so 1.005 and "1.005" are 101 cents and a huge value is out of
// range whatever its type. The field's bounds are the service's (validate.hpp).
Cents money_of(const json::value& v, std::string_view key) {
  MoneyParse parsed;
  if (v.is_int64())
    parsed = read_money(std::to_string(v.get_int64()));
  else if (v.is_uint64())
    parsed = read_money(std::to_string(v.get_uint64()));
  else if (v.is_double())
    parsed = read_money(v.get_double());
  else if (v.is_string())
    parsed = read_money(std::string_view(v.get_string()));
  else
    wrong_type(key, "a number");
  if (parsed.status == MoneyParse::Status::kOutOfRange) validate::throw_out_of_range(key);
  if (parsed.status != MoneyParse::Status::kOk) wrong_type(key, "a number");
  return parsed.cents;
}

// An integer JSON number (1 and 1.0 alike); beyond int64 "out of range", whatever its type.
std::int64_t integer_of(const json::value& v, std::string_view key) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) validate::throw_out_of_range(key);
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    const double d = v.get_double();
    if (std::isnan(d) || d != std::trunc(d)) wrong_type(key, "an integer");  // inf == trunc(inf)
    // 2^63 is exact as a double; every integral double below it converts exactly.
    if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) validate::throw_out_of_range(key);
    return static_cast<std::int64_t>(d);
  }
  wrong_type(key, "an integer");
}

}  // namespace

Context::Context(Engine& engine, const Request& request,
                 std::vector<std::pair<std::string, std::string>> params,
                 std::vector<std::pair<std::string, std::string>> query,
                 std::shared_ptr<const Principal> principal)
    : engine_(engine),
      request_(request),
      params_(std::move(params)),
      query_(std::move(query)),
      principal_(std::move(principal)) {
  // Ids and filters reach SQL as text: refused here, before any query, when PostgreSQL would
  // fail on them (invalid UTF-8) or read them cut short (NUL).
  for (const auto& [name, value] : params_) validate::characters(name, value);
  for (const auto& [name, value] : query_) validate::characters(name, value);
}

const std::string& Context::param(std::string_view name) const {
  for (const auto& [k, v] : params_)
    if (k == name) return v;
  throw Error::internal("route has no parameter " + std::string(name));
}

std::optional<std::string> Context::query(std::string_view name) const {
  for (const auto& [k, v] : query_)
    if (k == name) return v;
  return std::nullopt;
}

bool Context::query_flag(std::string_view name) const {
  const auto v = query(name);
  if (!v || v->empty() || *v == "false") return false;
  if (*v == "true") return true;
  throw Error::invalid(std::string(name) + " must be true or false");
}

PageRequest Context::page() const {
  const auto p = query("page");
  const auto l = query("limit");
  return parse_page_request(p ? std::optional<std::string_view>(*p) : std::nullopt,
                            l ? std::optional<std::string_view>(*l) : std::nullopt);
}

const json::object& Context::body() const {
  if (!body_) {
    boost::system::error_code ec;
    json::value v = json::parse(request_.body, ec);
    if (ec || !v.is_object()) throw Error::invalid("Invalid JSON body");
    body_ = std::move(v.get_object());
  }
  return *body_;
}

bool has_key(const json::object& body, std::string_view key) { return find(body, key) != nullptr; }

std::optional<std::string> opt_string(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) wrong_type(key, "a string");
  return std::string(v->get_string());
}

Nullable<std::string> nullable_string(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) wrong_type(key, "a string or null");
  return std::optional<std::string>(std::string(v->get_string()));
}

std::optional<bool> opt_bool(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_bool()) wrong_type(key, "a boolean");
  return v->get_bool();
}

std::optional<std::int64_t> opt_int(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v || v->is_null()) return std::nullopt;
  return integer_of(*v, key);
}

Nullable<std::int64_t> nullable_int(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(integer_of(*v, key));
}

std::optional<Cents> opt_money(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v || v->is_null()) return std::nullopt;
  return money_of(*v, key);
}

Nullable<Cents> nullable_money(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<Cents>();
  return std::optional<Cents>(money_of(*v, key));
}

Nullable<TimeMs> nullable_time(const json::object& body, std::string_view key) {
  const auto* v = find(body, key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<TimeMs>();
  if (!v->is_string()) wrong_type(key, "an ISO-8601 timestamp");
  auto t = parse_iso(std::string_view(v->get_string()));
  if (!t) wrong_type(key, "an ISO-8601 timestamp");
  return std::optional<TimeMs>(*t);
}

void throw_invalid_enum(std::string_view key, std::string_view value) {
  // The value is quoted back only when it is short, printable text: an error must not echo a
  // megabyte or control characters to the client.
  constexpr std::size_t kMaxQuoted = 64;
  if (value.size() > kMaxQuoted || text_rules::check(value, false) != text_rules::Problem::kNone)
    throw Error::invalid("Invalid " + std::string(key));
  throw Error::invalid("Invalid " + std::string(key) + ": " + std::string(value));
}

json::value opt_value(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt_value(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt_value(const std::optional<bool>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value iso(TimeMs t) { return json::value(format_iso(t)); }
json::value opt_iso(const std::optional<TimeMs>& t) { return t ? iso(*t) : json::value(nullptr); }
json::value money(Cents cents) {
  if (cents % 100 == 0) return json::value(cents / 100);
  return json::value(static_cast<double>(cents) / 100.0);
}
json::value opt_money_value(const std::optional<Cents>& cents) {
  return cents ? money(*cents) : json::value(nullptr);
}

json::object pagination(const PageInfo& info) {
  return {{"page", info.page},
          {"limit", info.limit},
          {"total", info.total},
          {"totalPages", info.total_pages}};
}

Response json_response(int status, const json::value& body) {
  return json_text_response(status, write_json(body));
}

Response json_text_response(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

Response data(const json::value& value, int status) {
  return json_response(status, json::object{{"data", value}});
}

Response paged(json::array items, const PageInfo& info) {
  return json_response(200,
                       json::object{{"data", std::move(items)}, {"pagination", pagination(info)}});
}

Response error_response(int status, std::string_view message) {
  return json_response(status, json::object{{"error", message}});
}

void set_session_cookie(const Context& ctx, Response& response, std::string_view token) {
  constexpr int kCookieMaxAgeSeconds = 604800;
  std::string cookie = "token=" + std::string(token) +
                       "; HttpOnly; Path=/; Max-Age=" + std::to_string(kCookieMaxAgeSeconds) +
                       "; SameSite=Lax";
  if (ctx.engine().options().public_base_url.starts_with("https://")) cookie += "; Secure";
  response.headers.emplace_back("Set-Cookie", cookie);
}

}  // namespace crm::rest
