#pragma once
// Logger port: where the engine and the programs write what operators need to see (internal
// errors with their request id, retried races, jobs that died). Embedders route it to their own
// logging by implementing Logger; the default writes one line per message to stderr.

#include <memory>
#include <string_view>

namespace crm {

enum class LogLevel { kDebug, kInfo, kWarning, kError };
std::string_view to_string(LogLevel level);

// Implementations must be safe to call from several threads at once and must not throw.
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogLevel level, std::string_view message) = 0;

  void info(std::string_view message) { log(LogLevel::kInfo, message); }
  void warning(std::string_view message) { log(LogLevel::kWarning, message); }
  void error(std::string_view message) { log(LogLevel::kError, message); }
};

// "LEVEL message\n" to stderr, one write(2) per line so concurrent lines do not interleave.
std::shared_ptr<Logger> stderr_logger();

// Drops everything (tests that provoke errors on purpose).
std::shared_ptr<Logger> null_logger();

}  // namespace crm
