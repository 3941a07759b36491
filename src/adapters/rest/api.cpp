#include "adapters/rest/api.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <random>

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

std::optional<std::string> session_token(const Request& req) {
  if (auto auth = req.header("authorization")) {
    if (auth->size() > 7 && iequals(auth->substr(0, 7), "Bearer "))
      return std::string(auth->substr(7));
  }
  if (auto cookie = req.header("cookie")) {
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
Response internal_error(const Engine& engine, const Request& req, std::string_view detail) {
  const std::string id = new_request_id();
  engine.logger().error("request " + id + " " + req.method + " " +
                        req.target.substr(0, req.target.find('?')) + ": " + std::string(detail));
  Response r = json_response(500, json::object{{"error", "Internal error"}, {"requestId", id}});
  r.headers.emplace_back("X-Request-Id", id);
  return r;
}

Response from_error(const Error& e) {
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

Response Api::handle(const Request& req) const {
  try {
    auto parsed = boost::urls::parse_origin_form(req.target);
    if (!parsed) return error_response(400, "Invalid request target");
    const boost::urls::url_view url = *parsed;

    std::vector<std::string> segments;
    for (auto seg : url.segments()) segments.emplace_back(seg);
    if (!segments.empty() && segments.back().empty()) segments.pop_back();

    const Route* chosen = nullptr;
    Params params;
    std::size_t chosen_params = SIZE_MAX;
    std::vector<std::string_view> allowed;
    const auto routes = route_table();
    const auto& patterns = split_patterns();
    for (std::size_t i = 0; i < routes.size(); ++i) {
      const Route& r = routes[i];
      Params p;
      if (!match(patterns[i], segments, p)) continue;
      if (r.method != req.method) {
        allowed.push_back(r.method);
        continue;
      }
      if (p.size() < chosen_params) {  // prefer literal segments over parameters
        chosen = &r;
        chosen_params = p.size();
        params = std::move(p);
      }
    }
    if (!chosen) {
      if (allowed.empty()) return error_response(404, "Not found");
      Response r = error_response(405, "Method not allowed");
      std::string allow;
      for (auto m : allowed) allow += (allow.empty() ? "" : ", ") + std::string(m);
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    if (req.body.size() > body_limit(req.target)) return error_response(413, "Payload too large");

    std::optional<User> user;
    if (chosen->tier != Tier::kPublic) {
      const auto token = session_token(req);
      if (!token) return error_response(401, "Unauthorized");
      try {
        user = engine_.auth().authenticate(*token);
      } catch (const Error&) {
        return error_response(401, "Unauthorized");
      }
      if (chosen->tier == Tier::kAdmin && user->role != Role::kAdmin)
        return error_response(403, "Forbidden");
    } else if (const auto token = session_token(req)) {
      // Public routes may still want to know a logged-in viewer (e.g. invoice views).
      try {
        user = engine_.auth().authenticate(*token);
      } catch (const Error&) {
      }
    }

    Params query;
    for (auto p : url.params())
      query.emplace_back(std::string(p.key), p.has_value ? std::string(p.value) : "");

    Context ctx(engine_, req, std::move(params), std::move(query), std::move(user));
    return chosen->handler(ctx);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kInternal) return internal_error(engine_, req, e.what());
    if (e.code() == ErrorCode::kUnavailable) {
      // The cause (a database or driver message) is for the log; the client learns to retry.
      engine_.logger().warning(std::string("unavailable: ") + e.what());
      Response r = error_response(503, "Service temporarily unavailable, retry shortly");
      r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds().value_or(1)));
      return r;
    }
    return from_error(e);
  } catch (const std::exception& e) {
    return internal_error(engine_, req, e.what());
  }
}

}  // namespace crm::rest
