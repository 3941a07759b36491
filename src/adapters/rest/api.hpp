#pragma once
// The REST adapter: HTTP request in, HTTP response out, no sockets. One route table lists every
// endpoint with its method, path pattern, auth tier and handler (route_table.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm {
class Engine;
}

namespace crm::rest {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // origin-form: "/api/users?active=true"
  Headers headers;     // as received; names compared case-insensitively
  std::string body;
  std::string remote_addr;  // peer IP, for audit fields (e-sign) and logs

  // First header with this name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;  // always includes Content-Type when there is a body
  std::string body;

  std::optional<std::string_view> header(std::string_view name) const;
};

enum class Tier { kPublic, kUser, kAdmin };
std::string_view to_string(Tier tier);

struct RouteInfo {
  std::string_view method;
  std::string_view pattern;  // "/api/users/[id]"
  Tier tier;
};

// Thread-safe: one Api serves all server threads.
class Api {
 public:
  explicit Api(Engine& engine);

  // Never throws: every failure becomes a JSON error response with the status of DOMAIN.md §1
  // (unknown path 404, wrong method 405, bad JSON 400, body over the limit 413, ...).
  Response handle(const Request& request) const;

  // The response of a request that needs no database, made on the calling thread (a server's
  // I/O thread, saving the hand-off to a worker and back): a bodiless request to a route that
  // runs_immediately (GET /api/health, GET /api/users/me) whose caller, if it has a token, is
  // in the principal cache and allowed, and whose handler finds what it needs in memory.
  // nullopt otherwise (also for a bad token or any error): then call handle(), which answers
  // it whatever it is. Never reads the database, never throws.
  std::optional<Response> handle_now(const Request& request) const;

  // The refusal handle() would give this request whatever its body: 400 for a malformed target,
  // 404/405 for the route, 413 when a declared Content-Length exceeds body_limit(target), 401/403
  // for the caller's token and the route's tier (Bearer wins over the `token` cookie). nullopt:
  // read the body and call handle(), which checks all of this again. Lets a server refuse before
  // it reads a body. Never throws; may block like handle() (it looks the token's user up).
  std::optional<Response> precheck(std::string_view method, std::string_view target,
                                   const Headers& headers) const;

  // The largest body accepted for this request target (1 MiB; CSV uploads 20 MiB; email with
  // attachments 26 MiB). Servers use it to stop reading early and answer 413.
  static std::size_t body_limit(std::string_view target);

  static std::vector<RouteInfo> routes();

 private:
  Engine& engine_;
};

}  // namespace crm::rest
