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

 private:
  int fd_ = -1;
};

// Occurrences of `needle` in `haystack`.
int count_of(std::string_view haystack, std::string_view needle);

}  // namespace crm::test
