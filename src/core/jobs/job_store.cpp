#include "core/jobs/job_store.hpp"

#include <map>
#include <set>

#include "crm/error.hpp"

namespace crm::jobs {
namespace {

// "UPDATE jobs SET <set> WHERE id IN (<up to ? rows matching `condition` in `order`, locked
// for this transaction>) RETURNING <returning>". The subquery's LIMIT is its last parameter.
std::string update_picked(sql::Connection& conn, std::string_view set, std::string_view condition,
                          std::string_view order, std::string_view returning) {
  std::string sql = "UPDATE jobs SET ";
  sql.append(set).append(" WHERE id IN (SELECT j.id FROM jobs j WHERE ").append(condition);
  if (!order.empty()) sql.append(" ORDER BY ").append(order);
  sql.append(" LIMIT ?")
      .append(conn.lock_clause(sql::Lock::kForUpdateSkipLocked, "j"))
      .append(") RETURNING ")
      .append(returning);
  return sql;
}

constexpr std::string_view kClaimSet =
    "status = 'RUNNING', attempts = attempts + 1, lease_until = ?, lease_token = ?, "
    "updated_at = ?";
constexpr std::string_view kClaimReturning = "id, kind, payload, attempts, max_attempts";

void append_claimed(const sql::Result& res, TimeMs lease_until, const std::string& token,
                    std::vector<ClaimedJob>& out) {
  for (const sql::Row& row : res.rows)
    out.push_back({row.text("id"), row.text("kind"), row.text("payload"),
                   static_cast<int>(row.integer("attempts")),
                   static_cast<int>(row.integer("max_attempts")), lease_until, token});
}

// The fence every finish and release carries.
constexpr std::string_view kFence = " WHERE id = ? AND lease_token = ? AND status = 'RUNNING'";

}  // namespace

Claim claim_due(sql::Transaction& tx, TimeMs now, TimeMs lease_ms, const std::string& lease_token,
                int limit, bool expired) {
  auto& conn = tx.connection();
  Claim claim;
  const TimeMs lease_until = now + lease_ms;
  if (expired) {
    const auto dead = tx.query(update_picked(conn,
                                             "status = 'DEAD', last_error = ?, lease_until = NULL, "
                                             "lease_token = NULL, finished_at = ?, updated_at = ?",
                                             "j.status = 'RUNNING' AND j.lease_until <= ? AND "
                                             "j.attempts >= j.max_attempts",
                                             "", "id, kind"),
                               kLeaseExpiredError, now, now, now, std::int64_t{limit});
    for (const sql::Row& row : dead.rows)
      claim.expired_dead.emplace_back(row.text("id"), row.text("kind"));
    const auto reclaimed = tx.query(
        update_picked(conn, kClaimSet,
                      "j.status = 'RUNNING' AND j.lease_until <= ? AND j.attempts < j.max_attempts",
                      "j.lease_until", kClaimReturning),
        lease_until, lease_token, now, now, std::int64_t{limit});
    append_claimed(reclaimed, lease_until, lease_token, claim.jobs);
  }

  const auto left = limit - static_cast<std::int64_t>(claim.jobs.size());
  if (left <= 0) return claim;
  const auto queued =
      tx.query(update_picked(conn, kClaimSet, "j.status = 'QUEUED' AND j.run_at <= ?", "j.run_at",
                             kClaimReturning),
               lease_until, lease_token, now, now, left);
  append_claimed(queued, lease_until, lease_token, claim.jobs);
  return claim;
}

bool finish(sql::Transaction& tx, const ClaimedJob& job, const Decision& decision, TimeMs now) {
  const std::string fence(kFence);
  sql::Result res;
  switch (decision.next) {
    case Decision::Next::kSucceeded:
      res = tx.query(
          "UPDATE jobs SET status = 'SUCCEEDED', lease_until = NULL, lease_token = NULL, "
          "finished_at = ?, updated_at = ?" +
              fence,
          now, now, job.id, job.lease_token);
      break;
    case Decision::Next::kRetry:
      res = tx.query(
          "UPDATE jobs SET status = 'QUEUED', run_at = ?, last_error = ?, "
          "lease_until = NULL, lease_token = NULL, updated_at = ?" +
              fence,
          decision.run_at, decision.error, now, job.id, job.lease_token);
      break;
    case Decision::Next::kDead:
      res = tx.query(
          "UPDATE jobs SET status = 'DEAD', last_error = ?, lease_until = NULL, "
          "lease_token = NULL, finished_at = ?, updated_at = ?" +
              fence,
          decision.error, now, now, job.id, job.lease_token);
      break;
  }
  return res.changes > 0;
}

std::vector<bool> finish_all(sql::Transaction& tx, const std::vector<Outcome>& outcomes,
                             TimeMs now) {
  std::vector<bool> written(outcomes.size(), false);
  // Successes by claim token: one UPDATE per claim, the rows it changed named by RETURNING.
  std::map<std::string, std::vector<std::size_t>> successes;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].decision.next == Decision::Next::kSucceeded)
      successes[outcomes[i].job.lease_token].push_back(i);
    else
      written[i] = finish(tx, outcomes[i].job, outcomes[i].decision, now);
  }
  auto& conn = tx.connection();
  for (const auto& [token, indexes] : successes) {
    std::vector<std::string> ids;
    for (std::size_t i : indexes) ids.push_back(outcomes[i].job.id);
    const auto res = tx.query(
        "UPDATE jobs SET status = 'SUCCEEDED', lease_until = NULL, lease_token = NULL, "
        "finished_at = ?, updated_at = ? WHERE lease_token = ? AND status = 'RUNNING' AND " +
            conn.in_text_list("id") + " RETURNING id",
        now, now, token, sql::Connection::text_list(ids));
    std::set<std::string> done;
    for (const sql::Row& row : res.rows) done.insert(row.text("id"));
    for (std::size_t i : indexes) written[i] = done.count(outcomes[i].job.id) > 0;
  }
  return written;
}

bool release(sql::Transaction& tx, const ClaimedJob& job, TimeMs now) {
  return tx.query(
               "UPDATE jobs SET status = 'QUEUED', attempts = attempts - 1, lease_until = NULL, "
               "lease_token = NULL, updated_at = ?" +
                   std::string(kFence),
               now, job.id, job.lease_token)
             .changes > 0;
}

Job row_to_job(const sql::Row& row) {
  Job j;
  j.id = row.text("id");
  j.kind = row.text("kind");
  j.payload_json = row.text("payload");
  j.dedupe_key = row.opt_text("dedupe_key");
  const auto status = parse_job_status(row.text("status"));
  if (!status) throw Error::internal("job " + j.id + " has an unknown status");
  j.status = *status;
  j.attempts = static_cast<int>(row.integer("attempts"));
  j.max_attempts = static_cast<int>(row.integer("max_attempts"));
  j.run_at = row.integer("run_at");
  j.lease_until = row.opt_integer("lease_until");
  j.last_error = row.opt_text("last_error");
  j.created_at = row.integer("created_at");
  j.updated_at = row.integer("updated_at");
  j.finished_at = row.opt_integer("finished_at");
  return j;
}

std::int64_t count_stuck_runs(sql::Connection& conn, TimeMs due_before) {
  return conn
      .query("SELECT COUNT(*) AS n FROM sequence_runs WHERE status = 'ACTIVE' AND next_run_at < ?",
             due_before)
      .first()
      .integer("n");
}

std::vector<StuckRun> oldest_stuck_runs(sql::Connection& conn, TimeMs due_before, int limit) {
  return conn
      .query(
          "SELECT id, lead_id, tag_slug, next_run_at FROM sequence_runs "
          "WHERE status = 'ACTIVE' AND next_run_at < ? ORDER BY next_run_at LIMIT ?",
          due_before, std::int64_t{limit})
      .map([](const sql::Row& r) {
        return StuckRun{r.text("id"), r.text("lead_id"), r.text("tag_slug"),
                        r.integer("next_run_at")};
      });
}

}  // namespace crm::jobs
