#include "core/jobs/outbox.hpp"

#include <boost/json/serialize.hpp>

#include "core/runtime.hpp"

namespace crm::jobs {

std::optional<std::string> enqueue(sql::Transaction& tx, detail::Runtime& rt, const NewJob& job) {
  const std::string id = rt.new_id();
  const TimeMs now = rt.now();
  const std::optional<std::string> dedupe =
      job.dedupe_key.empty() ? std::nullopt : std::optional<std::string>(job.dedupe_key);
  const auto inserted = tx.query(
      "INSERT INTO jobs (id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      id, job.kind, boost::json::serialize(job.payload), dedupe, job.max_attempts,
      job.run_at.value_or(now), now, now);
  if (inserted.changes == 0) return std::nullopt;
  tx.after_commit([&rt] { rt.job_signal.notify(); });
  return id;
}

}  // namespace crm::jobs
