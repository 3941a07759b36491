#include "core/jobs/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace crm::jobs {
namespace {

constexpr TimeMs kSchedule[] = {30 * kSecondMs, 2 * kMinuteMs, 10 * kMinuteMs, kHourMs,
                                6 * kHourMs};

}  // namespace

TimeMs nominal_backoff(int failed_attempt) {
  constexpr int n = static_cast<int>(std::size(kSchedule));
  return kSchedule[std::clamp(failed_attempt, 1, n) - 1];
}

TimeMs backoff_delay(int failed_attempt, double unit) {
  const double factor = 0.8 + 0.4 * std::clamp(unit, 0.0, 1.0);
  return static_cast<TimeMs>(
      std::llround(static_cast<double>(nominal_backoff(failed_attempt)) * factor));
}

Decision decide(const JobResult& result, int attempt, int max_attempts, TimeMs now, double unit) {
  using Next = Decision::Next;
  switch (result.kind()) {
    case JobResult::Kind::kSuccess:
      return {Next::kSucceeded, 0, {}};
    case JobResult::Kind::kPermanent:
      return {Next::kDead, 0, result.error()};
    case JobResult::Kind::kTransient:
    case JobResult::Kind::kRetryAfter:
      break;
  }
  if (attempt >= max_attempts) return {Next::kDead, 0, result.error()};
  if (result.kind() == JobResult::Kind::kRetryAfter) {
    const TimeMs delay = std::clamp<TimeMs>(result.retry_after_seconds().value_or(0) * kSecondMs, 0,
                                            kMaxRetryAfterMs);
    return {Next::kRetry, now + delay, result.error()};
  }
  return {Next::kRetry, now + backoff_delay(attempt, unit), result.error()};
}

std::string no_handler_error(std::string_view kind) {
  return "no handler for kind " + std::string(kind);
}

}  // namespace crm::jobs
