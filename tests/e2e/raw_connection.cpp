#include "raw_connection.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <system_error>

namespace crm::test {
namespace {
using Clock = std::chrono::steady_clock;
}

RawConnection::RawConnection(int port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const int error = errno;
    ::close(fd_);
    throw std::system_error(error, std::generic_category(), "connect");
  }
}

RawConnection::~RawConnection() { ::close(fd_); }

bool RawConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string RawConnection::read_until(std::string_view marker, int count,
                                      std::chrono::milliseconds timeout) {
  std::string received;
  const auto deadline = Clock::now() + timeout;
  while (marker.empty() || count_of(received, marker) < count) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd fd{fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left)) <= 0) continue;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // closed or reset
    received.append(chunk, static_cast<std::size_t>(n));
  }
  return received;
}

std::string RawConnection::read_until_close(std::chrono::milliseconds timeout) {
  return read_until({}, 0, timeout);
}

bool RawConnection::has_input() const {
  if (!pending_.empty()) return true;
  pollfd fd{fd_, POLLIN, 0};
  return ::poll(&fd, 1, 0) > 0;
}

std::string RawConnection::read_response(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto left = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  };
  std::string received = std::move(pending_);
  pending_.clear();
  if (received.find("\r\n\r\n") == std::string::npos) received += read_until("\r\n\r\n", 1, left());
  const auto header_end = received.find("\r\n\r\n");
  if (header_end == std::string::npos) return received;
  const std::string length = header_of(received, "Content-Length");
  const std::size_t total = header_end + 4 + (length.empty() ? 0 : std::stoul(length));
  while (received.size() < total && left().count() > 0) {
    pollfd fd{fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(left().count())) <= 0) continue;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    received.append(chunk, static_cast<std::size_t>(n));
  }
  if (received.size() > total) {
    pending_ = received.substr(total);
    received.resize(total);
  }
  return received;
}

int status_of(std::string_view response) {
  if (!response.starts_with("HTTP/1.") || response.size() < 12) return 0;
  int status = 0;
  for (char c : response.substr(9, 3)) {
    if (c < '0' || c > '9') return 0;
    status = status * 10 + (c - '0');
  }
  return status;
}

std::string header_of(std::string_view response, std::string_view name) {
  const auto header_end = response.find("\r\n\r\n");
  std::string_view header = response.substr(0, header_end);
  for (std::size_t at = header.find("\r\n"); at != std::string_view::npos;) {
    const auto line_start = at + 2;
    const auto line_end = header.find("\r\n", line_start);
    std::string_view line =
        header.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                     : line_end - line_start);
    const auto colon = line.find(':');
    if (colon == name.size() &&
        std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      return std::string(value);
    }
    at = line_end;
  }
  return {};
}

std::string body_of(std::string_view response) {
  const auto header_end = response.find("\r\n\r\n");
  if (header_end == std::string_view::npos) return {};
  return std::string(response.substr(header_end + 4));
}

int count_of(std::string_view haystack, std::string_view needle) {
  int count = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size()))
    ++count;
  return count;
}

}  // namespace crm::test
