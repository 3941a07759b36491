#pragma once
// A loopback HTTP/1.1 server that stands in for an external provider (Hunter, Google, an AI
// endpoint, ...) in tests: it serves canned responses per method + path, records every request
// (headers and body bytes as received), and can delay, drop the connection or answer garbage on
// cue. Plain sockets, one thread per connection, keep-alive honoured (so connection reuse by a
// client is observable through connections_accepted()).
//
//   FakeProvider fake;
//   fake.on("GET", "/v2/email-finder", {200, R"({"data":{"email":"a@b.co"}})"});
//   ... point the adapter at fake.base_url() ...
//   CHECK(fake.last_request().query_param("api_key") == "k");

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace crm::test {

struct RecordedRequest {
  std::string method;
  std::string target;  // as sent: "/v2/email-finder?domain=acme.com&api_key=k"
  std::string path;    // target without the query
  std::string query;   // raw query, without '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
  // A query parameter, percent-decoded ('+' read as a space).
  std::optional<std::string> query_param(std::string_view name) const;
};

struct CannedResponse {
  enum class Fault {
    kNone,
    kCloseWithoutResponse,  // read the request, then close the connection
    kGarbage,               // answer bytes that are not HTTP
  };

  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type defaults to JSON
  std::chrono::milliseconds delay{0};                        // before answering
  Fault fault = Fault::kNone;
};

class FakeProvider {
 public:
  // Listens on 127.0.0.1 on a free port.
  FakeProvider();
  // Stops: closes every connection, cuts delays short, joins the threads.
  ~FakeProvider();
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  // "http://127.0.0.1:PORT"
  std::string base_url() const;
  int port() const { return port_; }

  // Serves `response` to every request with this method and path (query ignored), replacing
  // an earlier one. Unmatched requests get 404 {"error":"no canned response"}.
  void on(const std::string& method, const std::string& path, CannedResponse response);
  // Serves the responses of `sequence` one per request, the last one repeatedly.
  void on_sequence(const std::string& method, const std::string& path,
                   std::vector<CannedResponse> sequence);

  std::vector<RecordedRequest> requests() const;
  // REQUIRES: at least one request was received.
  RecordedRequest last_request() const;
  std::size_t request_count() const;
  std::size_t connections_accepted() const { return connections_.load(); }
  void clear_requests();

 private:
  void accept_loop();
  void serve(int fd);
  CannedResponse respond_to(const RecordedRequest& request);
  // Sleeps `d` unless the server stops first; false when it stopped.
  bool wait(std::chrono::milliseconds d);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> connections_{0};
  std::thread acceptor_;

  mutable std::mutex mu_;  // guards everything below
  std::condition_variable stop_cv_;
  std::map<std::pair<std::string, std::string>, std::vector<CannedResponse>> routes_;
  std::map<std::pair<std::string, std::string>, std::size_t> served_;
  std::vector<RecordedRequest> requests_;
  std::vector<int> client_fds_;
  std::vector<std::thread> workers_;
};

}  // namespace crm::test
