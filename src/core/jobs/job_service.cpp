#include <algorithm>

#include "core/jobs/job_store.hpp"
#include "core/runtime.hpp"
#include "crm/error.hpp"
#include "crm/jobs.hpp"

namespace crm {
namespace {

// " WHERE ..." for the query's filters, appending their parameters.
std::string job_filter(const JobQuery& q, std::vector<sql::Value>& params) {
  std::string where;
  const auto add = [&](std::string_view condition, sql::Value value) {
    where.append(where.empty() ? " WHERE " : " AND ").append(condition);
    params.push_back(std::move(value));
  };
  if (q.status) add("status = ?", std::string(to_string(*q.status)));
  if (q.kind) add("kind = ?", *q.kind);
  return where;
}

void add_count(JobCounts& counts, std::string_view status, std::int64_t n) {
  switch (parse_job_status(status).value_or(JobStatus::kQueued)) {
    case JobStatus::kQueued:
      counts.queued += n;
      break;
    case JobStatus::kRunning:
      counts.running += n;
      break;
    case JobStatus::kSucceeded:
      counts.succeeded += n;
      break;
    case JobStatus::kDead:
      counts.dead += n;
      break;
    case JobStatus::kCanceled:
      counts.canceled += n;
      break;
  }
}

// A status change by an operator, or why it is refused: kNotFound for an unknown id, else
// kConflict with `refusal(status)`.
template <class Refusal>
Job require_changed(sql::Transaction& tx, const sql::Result& changed, std::string_view id,
                    Refusal refusal) {
  if (!changed.empty()) return jobs::row_to_job(changed.first());
  const auto current = tx.query("SELECT status FROM jobs WHERE id = ?", id);
  if (current.empty()) throw Error::not_found("Job not found");
  throw Error::conflict(refusal(current.first().text("status")));
}

// run_at of the oldest QUEUED job due at `now`.
std::optional<TimeMs> oldest_due_at(sql::Transaction& tx, TimeMs now) {
  return tx
      .query("SELECT MIN(run_at) AS oldest FROM jobs WHERE status = 'QUEUED' AND run_at <= ?", now)
      .first()
      .opt_integer("oldest");
}

}  // namespace

JobService::JobService(detail::Runtime& rt) : rt_(rt) {}

Page<Job> JobService::list(const JobQuery& query) {
  auto tx = rt_.db->read();
  std::vector<sql::Value> params;
  const std::string where = job_filter(query, params);
  Page<Job> page;
  page.info = make_page_info(
      query.page,
      tx->connection().run("SELECT COUNT(*) AS n FROM jobs" + where, params).first().integer("n"));
  params.emplace_back(std::int64_t{query.page.limit});
  params.emplace_back(query.page.offset());
  page.items = tx->connection()
                   .run("SELECT " + std::string(jobs::kJobColumns) + " FROM jobs" + where +
                            " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                        params)
                   .map(jobs::row_to_job);
  return page;
}

Job JobService::get(std::string_view id) {
  auto tx = rt_.db->read();
  const auto res =
      tx->query("SELECT " + std::string(jobs::kJobColumns) + " FROM jobs WHERE id = ?", id);
  if (res.empty()) throw Error::not_found("Job not found");
  return jobs::row_to_job(res.first());
}

Job JobService::retry(std::string_view id) {
  const Job job = rt_.db->write([&](sql::Transaction& tx) {
    const TimeMs now = rt_.now();
    const auto changed = tx.query(
        "UPDATE jobs SET status = 'QUEUED', attempts = 0, run_at = ?, lease_until = NULL, "
        "lease_token = NULL, finished_at = NULL, updated_at = ? "
        "WHERE id = ? AND status IN ('QUEUED', 'DEAD', 'CANCELED') RETURNING " +
            std::string(jobs::kJobColumns),
        now, now, id);
    tx.after_commit([this] { rt_.job_signal.notify(); });
    return require_changed(tx, changed, id, [](std::string_view status) {
      return status == "RUNNING" ? "Job is running; retry it once its attempt ends"
                                 : "Job already succeeded";
    });
  });
  rt_.log().info("job " + job.id + " (" + job.kind + ") requeued by an operator");
  return job;
}

Job JobService::cancel(std::string_view id) {
  const Job job = rt_.db->write([&](sql::Transaction& tx) {
    const TimeMs now = rt_.now();
    const auto changed = tx.query(
        "UPDATE jobs SET status = 'CANCELED', lease_until = NULL, lease_token = NULL, "
        "finished_at = ?, updated_at = ? "
        "WHERE id = ? AND status IN ('QUEUED', 'RUNNING', 'DEAD') RETURNING " +
            std::string(jobs::kJobColumns),
        now, now, id);
    if (changed.empty()) {
      const auto current =
          tx.query("SELECT " + std::string(jobs::kJobColumns) + " FROM jobs WHERE id = ?", id);
      if (!current.empty() && current.first().text("status") == "CANCELED")
        return jobs::row_to_job(current.first());
    }
    return require_changed(tx, changed, id,
                           [](std::string_view) { return "Job already succeeded"; });
  });
  rt_.log().info("job " + job.id + " (" + job.kind + ") canceled by an operator");
  return job;
}

JobStats JobService::stats() {
  auto tx = rt_.db->read();
  JobStats s;
  s.generated_at = rt_.now();
  const auto rows =
      tx->query("SELECT kind, status, COUNT(*) AS n FROM jobs GROUP BY kind, status ORDER BY kind");
  for (const sql::Row& row : rows.rows) {
    const std::string kind = row.text("kind");
    if (s.by_kind.empty() || s.by_kind.back().kind != kind) s.by_kind.push_back({kind, {}});
    add_count(s.by_kind.back().counts, row.text("status"), row.integer("n"));
    add_count(s.totals, row.text("status"), row.integer("n"));
  }
  s.oldest_due_at = oldest_due_at(*tx, s.generated_at);
  if (s.oldest_due_at) s.oldest_due_seconds = (s.generated_at - *s.oldest_due_at) / kSecondMs;
  const TimeMs stuck_before = s.generated_at - kStuckRunAfterMs;
  s.stuck_sequence_runs = jobs::count_stuck_runs(tx->connection(), stuck_before);
  if (s.stuck_sequence_runs > 0)
    s.stuck_runs = jobs::oldest_stuck_runs(tx->connection(), stuck_before, kMaxStuckRunsListed);
  return s;
}

namespace {
const std::string kHealthScope = "jobs";
}  // namespace

std::optional<JobHealth> JobService::cached_health() {
  return rt_.job_health_cache.get(kHealthScope, rt_.now());
}

JobHealth JobService::health() {
  if (auto cached = cached_health()) return *cached;
  const std::uint64_t generation = rt_.job_health_cache.generation();
  auto tx = rt_.db->read();
  const TimeMs now = rt_.now();
  // One statement; each count reads one partial index (migration 4), not the table.
  const auto row = tx->query(
                         "SELECT (SELECT COUNT(*) FROM jobs WHERE status = 'QUEUED') AS queued, "
                         "(SELECT COUNT(*) FROM jobs WHERE status = 'RUNNING') AS running, "
                         "(SELECT COUNT(*) FROM jobs WHERE status = 'DEAD') AS dead, "
                         "(SELECT MIN(run_at) FROM jobs WHERE status = 'QUEUED' AND run_at <= ?) "
                         "AS oldest",
                         now)
                       .first();
  const auto oldest = row.opt_integer("oldest");
  const JobHealth health{row.integer("queued"), row.integer("running"), row.integer("dead"),
                         oldest ? (now - *oldest) / kSecondMs : 0};
  rt_.job_health_cache.put(kHealthScope, health, now, generation);
  return health;
}

}  // namespace crm
