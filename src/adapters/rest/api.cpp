#include "adapters/rest/api.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <random>
#include <variant>

#include "adapters/rest/route_table.hpp"
#include "crm/engine.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm::rest {
namespace {

constexpr std::size_t kDefaultBodyLimit = 1 << 20;  // 1 MiB (DOMAIN.md §1)
constexpr std::size_t kUploadBodyLimit = 20 << 20;  // multipart CSV upload
constexpr std::size_t kEmailBodyLimit = 26 << 20;   // 25 MB of attachments + envelope

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

using Params = std::vector<std::pair<std::string, std::string>>;

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto end = path.find('/', start);
    const auto seg =
        path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    out.push_back(seg);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();  // tolerate a trailing slash
  return out;
}

// The route table's patterns split into segments once, in table order.
const std::vector<std::vector<std::string_view>>& split_patterns() {
  static const auto patterns = [] {
    std::vector<std::vector<std::string_view>> out;
    for (const Route& r : route_table()) out.push_back(split_path(r.pattern));
    return out;
  }();
  return patterns;
}

// Matches decoded path segments against a split pattern; fills params on success.
bool match(const std::vector<std::string_view>& parts, const std::vector<std::string>& segments,
           Params& params) {
  if (parts.size() != segments.size()) return false;
  Params captured;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].starts_with('[') && parts[i].ends_with(']')) {
      if (segments[i].empty()) return false;
      captured.emplace_back(std::string(parts[i].substr(1, parts[i].size() - 2)), segments[i]);
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

// The session token of a request: the Bearer header wins over the `token` cookie.
std::optional<std::string> session_token(const Headers& headers) {
  if (auto auth = find_header(headers, "authorization")) {
    if (auth->size() > 7 && iequals(auth->substr(0, 7), "Bearer "))
      return std::string(auth->substr(7));
  }
  if (auto cookie = find_header(headers, "cookie")) {
    std::string_view rest = *cookie;
    while (!rest.empty()) {
      const auto semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      if (pair.starts_with("token=")) return std::string(pair.substr(6));
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
  }
  return std::nullopt;
}

// A short random id that ties a 500 answer to its line in the server log.
std::string new_request_id() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// A failure the client cannot fix: the detail (SQL, driver text) goes to the log under a
// request id, the client gets only the id.
Response internal_error(const Engine& engine, std::string_view method, std::string_view target,
                        std::string_view detail) {
  const std::string id = new_request_id();
  engine.logger().error("request " + id + " " + std::string(method) + " " +
                        std::string(target.substr(0, target.find('?'))) + ": " +
                        std::string(detail));
  Response r = json_response(500, json::object{{"error", "Internal error"}, {"requestId", id}});
  r.headers.emplace_back("X-Request-Id", id);
  return r;
}

// The route a method and decoded path resolve to, or the methods the path allows.
struct Resolution {
  const Route* route = nullptr;
  Params params;
  std::vector<std::string_view> allowed;
};

Resolution resolve(std::string_view method, const boost::urls::url_view& url) {
  std::vector<std::string> segments;
  for (auto seg : url.segments()) segments.emplace_back(seg);
  if (!segments.empty() && segments.back().empty()) segments.pop_back();

  Resolution out;
  std::size_t chosen_params = SIZE_MAX;
  const auto routes = route_table();
  const auto& patterns = split_patterns();
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const Route& r = routes[i];
    Params p;
    if (!match(patterns[i], segments, p)) continue;
    if (r.method != method) {
      out.allowed.push_back(r.method);
      continue;
    }
    if (p.size() < chosen_params) {  // prefer literal segments over parameters
      out.route = &r;
      chosen_params = p.size();
      out.params = std::move(p);
    }
  }
  return out;
}

Params query_params(const boost::urls::url_view& url) {
  Params query;
  for (auto p : url.params())
    query.emplace_back(std::string(p.key), p.has_value ? std::string(p.value) : "");
  return query;
}

// 404 for an unknown path, 405 (with Allow) for a known path and another method.
Response route_refusal(const Resolution& resolution) {
  if (resolution.allowed.empty()) return error_response(404, "Not found");
  Response r = error_response(405, "Method not allowed");
  std::string allow;
  for (auto m : resolution.allowed) allow += (allow.empty() ? "" : ", ") + std::string(m);
  r.headers.emplace_back("Allow", allow);
  return r;
}

// The declared Content-Length, if the header is present and a plain decimal number.
std::optional<std::uint64_t> declared_length(const Headers& headers) {
  const auto text = find_header(headers, "content-length");
  if (!text || text->empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || ptr != text->data() + text->size()) return std::nullopt;
  return value;
}

using Caller = std::shared_ptr<const Principal>;

// The caller of `route`: a refusal (401/403), or the user (none on a public route without a
// valid token; public routes may still want to know a logged-in viewer, e.g. invoice views).
// precheck() and handle() both call this for a request with a body; the second costs a token
// check and a principal cache hit (AuthService::principal), no database read.
std::variant<Response, Caller> authorize(Engine& engine, const Route& route,
                                         const Headers& headers) {
  const auto token = session_token(headers);
  if (route.tier == Tier::kPublic) {
    Caller caller;
    if (token) {
      try {
        caller = engine.auth().principal(*token);
      } catch (const Error& e) {
        if (e.code() != ErrorCode::kUnauthenticated) throw;
      }
    }
    return caller;
  }
  if (!token) return error_response(401, "Unauthorized");
  Caller caller;
  try {
    caller = engine.auth().principal(*token);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kUnauthenticated) throw;  // a database that is down is not a 401
    return error_response(401, "Unauthorized");
  }
  if (route.tier == Tier::kAdmin && caller->user.role != Role::kAdmin)
    return error_response(403, "Forbidden");
  return caller;
}

// The answer to an error that escaped a handler or a check: the error's own status and message,
// except that an internal error's detail goes only to the log (with a request id) and an
// unavailable database is `503` with `Retry-After`, its cause logged.
Response from_error(const Engine& engine, std::string_view method, std::string_view target,
                    const Error& e) {
  if (e.code() == ErrorCode::kInternal) return internal_error(engine, method, target, e.what());
  if (e.code() == ErrorCode::kUnavailable) {
    engine.logger().warning(std::string("unavailable: ") + e.what());
    Response r = error_response(503, "Service temporarily unavailable, retry shortly");
    r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds().value_or(1)));
    return r;
  }
  json::object body{{"error", e.what()}};
  for (const auto& [k, v] : e.details()) body[k] = v;
  Response r = json_response(http_status(e.code()), body);
  if (e.retry_after_seconds())
    r.headers.emplace_back("Retry-After", std::to_string(*e.retry_after_seconds()));
  return r;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view name) const {
  return find_header(headers, name);
}
std::optional<std::string_view> Response::header(std::string_view name) const {
  return find_header(headers, name);
}

std::string_view to_string(Tier tier) {
  switch (tier) {
    case Tier::kPublic:
      return "public";
    case Tier::kUser:
      return "user";
    case Tier::kAdmin:
      return "admin";
  }
  return "public";
}

Api::Api(Engine& engine) : engine_(engine) {}

std::size_t Api::body_limit(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/api/imports/leads" || path == "/api/import") return kUploadBodyLimit;
  if (path == "/api/email/send") return kEmailBodyLimit;
  return kDefaultBodyLimit;
}

std::vector<RouteInfo> Api::routes() {
  std::vector<RouteInfo> out;
  for (const Route& r : route_table()) out.push_back({r.method, r.pattern, r.tier});
  return out;
}

std::optional<Response> Api::precheck(std::string_view method, std::string_view target,
                                      const Headers& headers) const {
  try {
    auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return error_response(400, "Invalid request target");
    const Resolution resolution = resolve(method, *parsed);
    if (!resolution.route) return route_refusal(resolution);
    if (auto length = declared_length(headers); length && *length > body_limit(target))
      return error_response(413, "Payload too large");
    // A public route never refuses a caller; only protected ones need the token checked.
    if (resolution.route->tier == Tier::kPublic) return std::nullopt;
    auto caller = authorize(engine_, *resolution.route, headers);
    if (auto* refusal = std::get_if<Response>(&caller)) return std::move(*refusal);
    return std::nullopt;
  } catch (const Error& e) {
    return from_error(engine_, method, target, e);
  } catch (const std::exception& e) {
    return internal_error(engine_, method, target, e.what());
  }
}

std::optional<Response> Api::handle_now(const Request& req) const {
  try {
    if (!req.body.empty()) return std::nullopt;
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed) return std::nullopt;
    const boost::urls::url_view url = *parsed;
    Resolution resolution = resolve(req.method, url);
    if (!resolution.route || !runs_immediately(*resolution.route)) return std::nullopt;
    const Route& chosen = *resolution.route;
    Caller caller;
    if (const auto token = session_token(req.headers)) {
      caller = engine_.auth().cached_principal(*token);
      if (!caller) return std::nullopt;
    }
    if (chosen.tier != Tier::kPublic && !caller) return std::nullopt;
    if (chosen.tier == Tier::kAdmin && caller->user.role != Role::kAdmin) return std::nullopt;

    Params query = query_params(url);
    Context ctx(engine_, req, std::move(resolution.params), std::move(query), std::move(caller));
    ctx.set_immediate();
    return chosen.handler(ctx);
  } catch (...) {  // NeedsDatabase, or a failure that handle() will answer properly
    return std::nullopt;
  }
}

Response Api::handle(const Request& req) const {
  try {
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed) return error_response(400, "Invalid request target");
    const boost::urls::url_view url = *parsed;

    Resolution resolution = resolve(req.method, url);
    if (!resolution.route) return route_refusal(resolution);
    const Route& chosen = *resolution.route;
    if (req.body.size() > body_limit(req.target)) return error_response(413, "Payload too large");

    auto caller = authorize(engine_, chosen, req.headers);
    if (auto* refusal = std::get_if<Response>(&caller)) return std::move(*refusal);

    Params query = query_params(url);

    Context ctx(engine_, req, std::move(resolution.params), std::move(query),
                std::move(std::get<Caller>(caller)));
    return chosen.handler(ctx);
  } catch (const Error& e) {
    return from_error(engine_, req.method, req.target, e);
  } catch (const std::exception& e) {
    return internal_error(engine_, req.method, req.target, e.what());
  }
}

}  // namespace crm::rest
