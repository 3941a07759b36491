#pragma once
// A small blocking HTTP client over libcurl for tests that talk to a real server on loopback.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::test {

struct HttpResult {
  long status = 0;  // 0 when the transfer failed; see `error`
  std::vector<std::pair<std::string, std::string>> headers;  // in order, repeats kept
  std::string body;
  std::string error;         // curl's message when the transfer failed
  long new_connections = 0;  // connections curl had to open for this request

  // First header with this name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
};

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"; "Expect:" suppresses 100-continue
  std::optional<std::string> body;
  long timeout_ms = 10'000;
};

// Not thread-safe. Reuses one connection between requests (keep-alive) while the server allows.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult request(const HttpCall& call);
  HttpResult get(const std::string& url, std::vector<std::string> headers = {});

 private:
  void* curl_;  // CURL*, kept out of this header
};

}  // namespace crm::test
