#include "crm/logger.hpp"

#include <unistd.h>

#include <string>

namespace crm {
namespace {

class StderrLogger final : public Logger {
 public:
  void log(LogLevel level, std::string_view message) override {
    std::string line(to_string(level));
    line.append(" ").append(message).append("\n");
    // Best effort: a full or closed stderr must not fail the caller.
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, line.data(), line.size());
  }
};

class NullLogger final : public Logger {
 public:
  void log(LogLevel, std::string_view) override {}
};

}  // namespace

std::string_view to_string(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARN";
    case LogLevel::kError:
      return "ERROR";
  }
  return "INFO";
}

std::shared_ptr<Logger> stderr_logger() { return std::make_shared<StderrLogger>(); }
std::shared_ptr<Logger> null_logger() { return std::make_shared<NullLogger>(); }

}  // namespace crm
