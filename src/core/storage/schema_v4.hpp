#pragma once
// Migration 4: the jobs table's claim indexes hold only the rows a claim can take (partial
// indexes, the same syntax on both engines). Finished jobs, the bulk of the table over time,
// then weigh on neither claims nor the health counts, and every status change of a job
// rewrites fewer index pages.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV4 = R"SQL(
DROP INDEX jobs_due;
DROP INDEX jobs_lease;
-- Due work in claim order.
CREATE INDEX jobs_queued ON jobs(run_at) WHERE status = 'QUEUED';
-- Claims whose lease may have expired.
CREATE INDEX jobs_running ON jobs(lease_until) WHERE status = 'RUNNING';
-- Dead jobs, newest first, for operators (and their count for the health probe).
CREATE INDEX jobs_dead ON jobs(created_at) WHERE status = 'DEAD';
)SQL";

}  // namespace crm::storage
