#pragma once
// Pure rules of the worker (no I/O): the retry schedule and what an attempt's result makes of
// the job. Randomness (jitter) is passed in, so the rules are deterministic under test.

#include <cstdint>
#include <string>

#include "crm/time.hpp"
#include "crm/worker.hpp"

namespace crm::jobs {

// Nominal delay before attempt `failed_attempt + 1` after attempt `failed_attempt` (1-based)
// failed: 30 s, 2 min, 10 min, 1 h, then 6 h for every later attempt.
TimeMs nominal_backoff(int failed_attempt);

// The nominal delay with jitter: scaled by 0.8 + 0.4 * `unit` for `unit` in [0, 1), so
// workers that failed together do not retry together.
TimeMs backoff_delay(int failed_attempt, double unit);

// The longest Retry-After honoured; longer ones are cut to it.
inline constexpr TimeMs kMaxRetryAfterMs = 24 * kHourMs;

// What happens to a job after an attempt.
struct Decision {
  enum class Next { kSucceeded, kRetry, kDead };
  Next next = Next::kSucceeded;
  TimeMs run_at = 0;  // kRetry: when the job is due again
  std::string error;  // kRetry/kDead: becomes the job's last_error
};

// Applies `result` of attempt `attempt` of `max_attempts`, at `now`, with jitter `unit` in
// [0, 1): success; a permanent failure is DEAD at once; a transient one is retried after
// backoff_delay(); a Retry-After exactly after its delay (never earlier); any failure of the
// last attempt is DEAD.
Decision decide(const JobResult& result, int attempt, int max_attempts, TimeMs now, double unit);

// The last_error of a job whose kind has no handler.
std::string no_handler_error(std::string_view kind);

}  // namespace crm::jobs
