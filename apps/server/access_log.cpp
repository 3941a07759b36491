#include "access_log.hpp"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace crm::server {

void log_request(std::string_view method, std::string_view path, unsigned status,
                 std::chrono::steady_clock::duration duration) {
  const double ms = std::chrono::duration<double, std::milli>(duration).count();
  char tail[48];
  const int tail_len = std::snprintf(tail, sizeof tail, " %u %.1fms\n", status, ms);

  std::string line;
  line.reserve(method.size() + path.size() + 1 + static_cast<std::size_t>(tail_len));
  line.append(method).append(" ").append(path).append(tail, static_cast<std::size_t>(tail_len));
  // Best effort: a full or closed stderr must not fail the request.
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace crm::server
