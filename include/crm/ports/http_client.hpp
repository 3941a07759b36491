#pragma once
// HTTP client port: how every integration talks to its provider. Adapters of providers (Hunter,
// Google Places, the AI endpoint, ...) are written against this interface only, so tests drive
// them against loopback fake servers and the engine never names the library underneath
// (src/adapters/curl implements it with libcurl).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  // Absolute http:// or https:// URL with its query already percent-encoded.
  std::string url;
  Headers headers;
  std::string body;  // sent as is (with Content-Length) when non-empty or method is POST/PUT/PATCH
  // Total time for this request (connect, send, receive). Zero: the client's default.
  std::chrono::milliseconds timeout{0};
  // Follow 3xx redirects (http/https only, a few hops). Off by default: provider APIs answer
  // directly, and a redirect to elsewhere is then visible to the caller.
  bool follow_redirects = false;
};

struct Response {
  int status = 0;
  Headers headers;   // of the final response; names as received
  std::string body;  // content-encoding (gzip, deflate) already undone

  // First header with this name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    for (const auto& [key, value] : headers) {
      if (key.size() != name.size()) continue;
      bool same = true;
      for (std::size_t i = 0; same && i < key.size(); ++i) same = lower(key[i]) == lower(name[i]);
      if (same) return std::string_view(value);
    }
    return std::nullopt;
  }
  bool ok() const { return status >= 200 && status < 300; }
};

// Thread-safe: one client serves every thread of a server and reuses connections between calls.
// Every HTTP status comes back as a Response. Failures below HTTP (DNS, connect, TLS, a timeout,
// a response body over the client's size cap, an unsupported URL scheme) throw
// crm::Error(kUpstream) with a message naming the host and the cause.
class Client {
 public:
  virtual ~Client() = default;
  virtual Response send(const Request& request) = 0;
};

}  // namespace crm::http
