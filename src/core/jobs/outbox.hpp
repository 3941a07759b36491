#pragma once
// The transactional outbox (DOMAIN.md §17): a side effect that leaves the database (an email,
// an SMS, a Slack post, a QuickBooks sync, a provider call) is enqueued as a job in the SAME
// transaction as the change that causes it, so it happens if and only if that change commits.
// The background worker (core/jobs/worker.*) runs it afterwards, at least once.

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "crm/ports/sql.hpp"
#include "crm/time.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::jobs {

// Attempts before a failing job is DEAD, unless the job says otherwise.
inline constexpr int kDefaultMaxAttempts = 8;

struct NewJob {
  std::string kind;             // names the handler, e.g. "email.invoice-sent"
  boost::json::object payload;  // what the handler needs; ids rather than copies of records
  // Makes enqueueing idempotent: a second job with the same key is not added. Derive it from
  // the effect ("invoice-sent:<invoiceId>"); empty = no dedupe.
  std::string dedupe_key;
  std::optional<TimeMs> run_at;  // default: now
  int max_attempts = kDefaultMaxAttempts;
};

// Adds `job` in `tx` and, once `tx` commits, wakes the worker. Returns the new job's id, or
// nullopt when a job with the same dedupe key already exists (then nothing is added).
std::optional<std::string> enqueue(sql::Transaction& tx, detail::Runtime& rt, const NewJob& job);

}  // namespace crm::jobs
