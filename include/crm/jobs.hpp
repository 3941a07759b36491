#pragma once
// Background jobs (DOMAIN.md §17): the rows of the transactional outbox as operators see them,
// and the service that lists, retries and cancels them and reports on the queue. The worker
// that runs them is in crm/worker.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/pagination.hpp"
#include "crm/time.hpp"

namespace crm {

// QUEUED (waiting for run_at) -> RUNNING (claimed under a lease) -> SUCCEEDED, or back to
// QUEUED for a retry, or DEAD (permanent failure, attempts used up, no handler). CANCELED by
// an operator. DEAD and CANCELED jobs run again only when an operator retries them.
enum class JobStatus { kQueued, kRunning, kSucceeded, kDead, kCanceled };
std::string_view to_string(JobStatus status);
std::optional<JobStatus> parse_job_status(std::string_view text);

struct Job {
  std::string id;
  std::string kind;
  std::string payload_json = "{}";  // a JSON object
  std::optional<std::string> dedupe_key;
  JobStatus status = JobStatus::kQueued;
  int attempts = 0;  // attempts started (a claim starts one)
  int max_attempts = 0;
  TimeMs run_at = 0;  // when the job is (or was last) due
  std::optional<TimeMs> lease_until;
  std::optional<std::string> last_error;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::optional<TimeMs> finished_at;
};

struct JobQuery {
  std::optional<JobStatus> status;
  std::optional<std::string> kind;
  PageRequest page;
};

struct JobCounts {
  std::int64_t queued = 0;
  std::int64_t running = 0;
  std::int64_t succeeded = 0;
  std::int64_t dead = 0;
  std::int64_t canceled = 0;
};

struct KindCounts {
  std::string kind;
  JobCounts counts;
};

// A sequence run whose next step is overdue by more than the stuck threshold (10 minutes).
struct StuckRun {
  std::string id;
  std::string lead_id;
  std::string tag_slug;
  TimeMs next_run_at = 0;
};

// What the health probe shows: the counts that need attention and the age of the oldest due
// job (0 when nothing is due). A growing age means no worker is keeping up.
struct JobHealth {
  std::int64_t queued = 0;
  std::int64_t running = 0;
  std::int64_t dead = 0;
  std::int64_t oldest_due_seconds = 0;
};

struct JobStats {
  JobCounts totals;
  std::vector<KindCounts> by_kind;       // by kind name
  std::optional<TimeMs> oldest_due_at;   // run_at of the oldest QUEUED job that is due
  std::int64_t oldest_due_seconds = 0;   // now - oldest_due_at, 0 when nothing is due
  std::int64_t stuck_sequence_runs = 0;  // ACTIVE runs overdue by more than 10 minutes
  std::vector<StuckRun> stuck_runs;      // the oldest of them, at most kMaxStuckRunsListed
  TimeMs generated_at = 0;
};

inline constexpr int kMaxStuckRunsListed = 20;
// A sequence run overdue by more than this while a worker runs is stuck (DOMAIN.md §17).
inline constexpr TimeMs kStuckRunAfterMs = 10 * kMinuteMs;

namespace detail {
struct Runtime;
}

// Operator views and actions on jobs. No access checks here: the REST adapter serves it to
// admins only, the CLI to whoever can open the database. Thread-safe.
class JobService {
 public:
  explicit JobService(detail::Runtime& rt);

  // Newest first. Filters by status and/or kind.
  Page<Job> list(const JobQuery& query);
  // kNotFound for an unknown id.
  Job get(std::string_view id);

  // Runs the job again as soon as a worker is free, with a fresh set of attempts: DEAD and
  // CANCELED jobs are requeued, a QUEUED one (e.g. waiting out a backoff) is made due now.
  // kConflict for a RUNNING job (its attempt has not ended) and a SUCCEEDED one (running it
  // again would repeat its effect); kNotFound for an unknown id.
  Job retry(std::string_view id);

  // Stops the job from running (again): QUEUED, RUNNING and DEAD jobs become CANCELED. A
  // running attempt cannot be interrupted; its result is discarded when it ends (the lease
  // token is cleared). Canceling a CANCELED job changes nothing. kConflict for a SUCCEEDED
  // job, kNotFound for an unknown id.
  Job cancel(std::string_view id);

  JobStats stats();
  // Read at most once a second per engine (measured with the engine's clock): the health probe
  // may be polled hard, and counts a second old serve it as well.
  JobHealth health();
  // health() if its last read is under a second old, else nullopt. Reads no database.
  std::optional<JobHealth> cached_health();

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
