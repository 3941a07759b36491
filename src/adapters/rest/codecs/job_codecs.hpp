#pragma once
// JSON shapes of jobs and queue statistics (the admin jobs extension, `crm jobs --json`).

#include <boost/json/object.hpp>

#include "crm/jobs.hpp"

namespace crm::rest::codec {

// { id, kind, payload (parsed), dedupeKey, status, attempts, maxAttempts, runAt, leaseUntil,
//   lastError, createdAt, updatedAt, finishedAt }
boost::json::object job(const Job& j);
// { totals: {queued, running, succeeded, dead, canceled}, byKind: [{kind, ...counts}],
//   oldestDueAt, oldestDueSeconds, stuckSequenceRuns, stuckRuns: [{id, leadId, tagSlug,
//   nextRunAt}], generatedAt }
boost::json::object job_stats(const JobStats& s);
// { queued, running, dead, oldestDueSeconds }
boost::json::object job_health(const JobHealth& h);

}  // namespace crm::rest::codec
