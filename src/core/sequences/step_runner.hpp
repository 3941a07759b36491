#pragma once
// Executing a sequence run's due step: the "sequence.step" job of the background worker
// (DOMAIN.md §8, §17). In order, at the time the step runs:
//   consent    DNC, or a stage of WON/LOST/BOGUS: the run ends CANCELED (dnc / stage_<x>)
//   branches   NO_PHONE / NO_EMAIL / NOT_SMS_ELIGIBLE jump (0: the run ends,
//              no_contact_channel); a send without the channel ends it the same way
//   staleness  a send found more than max_lateness_minutes (setting, default 240) after its
//              time moves to the next window opening and logs sequence_step_delayed
//   window     a send outside its window (the job ran late) moves into it
//   throttle   a sender without budget moves the send to its next free slot
//   execute    CREATE_TASK creates the task (once per run and step) and advances; END
//              completes; SEND_* renders the template and goes to the MessageSender port
// A send happens outside any transaction (read and decide, send, then record). A failed send
// is retried after 5 and 30 minutes; after the third failure (or a permanent one) the step's
// SEND_FAILED branch is taken, else the step is skipped (a run with nothing after it ends
// send_failed). Steps due at once that need no send run in the same transaction.
//
// Idempotency: the run's row is locked and the job names the run's step and schedule
// generation; a job of an older schedule, or one delivered twice, finds the run moved on and
// does nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crm/worker.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::step_runner {

struct StepJob {
  std::string run_id;
  int step = 0;
  std::int64_t generation = 0;
};
// The job's payload {runId, step, generation}; nullopt when malformed.
std::optional<StepJob> parse(std::string_view payload_json);

JobResult run(detail::Runtime& rt, const StepJob& job);

// The handler registered under run_ops::kStepJobKind in default_job_handlers().
std::shared_ptr<JobHandler> handler();

}  // namespace crm::step_runner
