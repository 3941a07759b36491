#pragma once
// The worker's statements on the jobs table: claims under a lease, fenced finishes, and
// hand-backs. Each takes the caller's write transaction; none calls a handler.
//
// Claims lock the rows they take (FOR UPDATE SKIP LOCKED on PostgreSQL, so concurrent
// claimers take different rows without waiting; on SQLite the write transaction already
// excludes other writers). Every finish names the lease token of its claim: a worker whose
// lease expired and whose job was claimed again (or canceled) changes nothing.

#include <string>
#include <vector>

#include "core/jobs/retry_policy.hpp"
#include "crm/jobs.hpp"
#include "crm/ports/sql.hpp"

namespace crm::jobs {

// A job taken by one claim: run it, then finish() or release() it under `lease_token`.
struct ClaimedJob {
  std::string id;
  std::string kind;
  std::string payload_json;
  int attempt = 1;  // the attempt this claim started
  int max_attempts = 1;
  TimeMs lease_until = 0;
  std::string lease_token;
};

struct Claim {
  std::vector<ClaimedJob> jobs;
  // Jobs whose lease expired during their last attempt (the worker died or stalled): DEAD
  // now, instead of running once more than allowed. {id, kind}.
  std::vector<std::pair<std::string, std::string>> expired_dead;
};

// The last_error of a job whose lease expired during its last attempt.
inline constexpr std::string_view kLeaseExpiredError =
    "lease expired during the last attempt (the worker stopped, died or stalled)";

// Claims up to `limit` jobs due at `now` for `lease_ms` under `lease_token` (unique per claim):
// with `expired`, jobs whose lease expired first (they have waited longest), then QUEUED jobs
// by run_at. Each claim starts an attempt (attempts + 1).
Claim claim_due(sql::Transaction& tx, TimeMs now, TimeMs lease_ms, const std::string& lease_token,
                int limit, bool expired = true);

// Records the outcome of `job`'s attempt. False (and nothing written) when the job no longer
// runs under `job.lease_token`.
bool finish(sql::Transaction& tx, const ClaimedJob& job, const Decision& decision, TimeMs now);

struct Outcome {
  ClaimedJob job;
  Decision decision;
};

// Records every outcome, each under its own claim's token (successes of one claim in one
// statement). Returns, per outcome, whether it was recorded.
std::vector<bool> finish_all(sql::Transaction& tx, const std::vector<Outcome>& outcomes,
                             TimeMs now);

// Hands a claimed job back unstarted: QUEUED again, the attempt not counted. False when the
// claim is no longer current.
bool release(sql::Transaction& tx, const ClaimedJob& job, TimeMs now);

// ---- reads shared by the service ----

// The columns row_to_job() reads, for "SELECT <kJobColumns> FROM jobs ...".
inline constexpr std::string_view kJobColumns =
    "id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, lease_until, "
    "last_error, created_at, updated_at, finished_at";
Job row_to_job(const sql::Row& row);

// ACTIVE sequence runs whose next step was due before `due_before`: how many, and the oldest
// `limit` of them.
std::int64_t count_stuck_runs(sql::Connection& conn, TimeMs due_before);
std::vector<StuckRun> oldest_stuck_runs(sql::Connection& conn, TimeMs due_before, int limit);

}  // namespace crm::jobs
