#pragma once
// Helpers of the jobs tests: enqueue through the outbox, read a job's row, count handler calls.

#include <doctest/doctest.h>

#include <map>
#include <mutex>
#include <string>

#include "core/jobs/outbox.hpp"
#include "core/runtime.hpp"
#include "crm/crm.hpp"
#include "support/api_fixture.hpp"

namespace crm::test::job_rows {

// Enqueues `job` in its own transaction of `engine`; REQUIREs that it was added.
inline std::string enqueue(Engine& engine, const jobs::NewJob& job) {
  const auto id = engine.database().write(
      [&](sql::Transaction& tx) { return jobs::enqueue(tx, engine.runtime(), job); });
  REQUIRE(id.has_value());
  return *id;
}

inline std::string enqueue(ApiFixture& f, std::string kind, boost::json::object payload = {},
                           int max_attempts = jobs::kDefaultMaxAttempts) {
  return enqueue(*f.engine, {std::move(kind), std::move(payload), "", std::nullopt, max_attempts});
}

inline sql::Row row(ApiFixture& f, const std::string& id) {
  const auto res = f.sql(
      "SELECT status, attempts, run_at, lease_until, lease_token, last_error, finished_at "
      "FROM jobs WHERE id = ?",
      id);
  REQUIRE_FALSE(res.empty());
  return res.first();
}

// Handler calls by job id. Thread-safe.
class CallLog {
 public:
  void record(std::string_view id) {
    std::lock_guard lock(mu_);
    ++calls_[std::string(id)];
  }
  int calls(const std::string& id) {
    std::lock_guard lock(mu_);
    return calls_.count(id) ? calls_[id] : 0;
  }
  int total() {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& [id, c] : calls_) n += c;
    return n;
  }

 private:
  std::mutex mu_;
  std::map<std::string, int> calls_;
};

// A handler of `kind` that records its calls in `log` and answers `result`.
inline JobHandlers answering(CallLog& log, const std::string& kind, JobResult result) {
  JobHandlers h;
  h.add(kind, [&log, result](const JobContext& job) {
    log.record(job.id);
    return result;
  });
  return h;
}

}  // namespace crm::test::job_rows
