#pragma once
// A plain TCP connection to 127.0.0.1 for tests that need byte-level control over a request
// (pipelining, chunked bodies, requests left half-sent).

#include <chrono>
#include <string>
#include <string_view>

namespace crm::test {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; throws std::system_error on failure.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends everything; false when the peer closed or reset the connection.
  bool send(std::string_view bytes);

  // Reads until the peer closes the connection or `timeout` passes; returns what arrived.
  std::string read_until_close(std::chrono::milliseconds timeout);

  // Reads until `marker` has arrived `count` times, the peer closes, or `timeout` passes.
  std::string read_until(std::string_view marker, int count, std::chrono::milliseconds timeout);

  // Reads one response: its header, then as many body bytes as its Content-Length says (or
  // until `timeout`). What arrived after it stays buffered for the next call.
  std::string read_response(std::chrono::milliseconds timeout);

  // True when bytes (or the peer's close) are waiting to be read; does not wait nor read.
  bool has_input() const;

 private:
  int fd_ = -1;
  std::string pending_;  // bytes received past the last response read_response returned
};

// Occurrences of `needle` in `haystack`.
int count_of(std::string_view haystack, std::string_view needle);

// The status code of a response ("HTTP/1.1 404 Not Found..." -> 404), 0 if there is none.
int status_of(std::string_view response);

// A header's value in a response (case-insensitive name), empty if absent.
std::string header_of(std::string_view response, std::string_view name);

// The body of a response (what follows the blank line).
std::string body_of(std::string_view response);

}  // namespace crm::test
