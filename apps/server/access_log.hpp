#pragma once
// One line per request on stderr: "METHOD PATH STATUS DURATIONms". Thread-safe: each line is
// written with a single write(2), so lines from concurrent requests never interleave.

#include <chrono>
#include <string_view>

namespace crm::server {

// `path` must already be stripped of its query string (it may carry tokens).
void log_request(std::string_view method, std::string_view path, unsigned status,
                 std::chrono::steady_clock::duration duration);

}  // namespace crm::server
