#pragma once
// One line per request on stderr: "METHOD PATH STATUS DURATIONms".
//
// A request never writes: log_request appends its line to a bounded in-memory batch and
// returns, and one background thread writes the batch to stderr with a single write(2) every
// few milliseconds (or sooner when the batch fills up). When the batch is full the line is
// not kept but counted, and the next write reports "access log: N lines dropped". Lines keep
// the order in which their requests finished. Thread-safe.

#include <chrono>
#include <cstddef>
#include <string_view>

namespace crm::server {

// `path` must already be stripped of its query string (it may carry tokens).
void log_request(std::string_view method, std::string_view path, unsigned status,
                 std::chrono::steady_clock::duration duration);

// Writes every line logged so far and waits until it is written. Called at shutdown (the
// process-wide log also flushes when it is destroyed at exit).
void flush_access_log();

// Lines dropped so far because the batch was full.
std::size_t dropped_access_log_lines();

}  // namespace crm::server
