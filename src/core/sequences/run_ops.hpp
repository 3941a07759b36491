#pragma once
// Starting, scheduling and ending sequence runs inside a caller's write transaction (DOMAIN.md
// §8). Every scheduled step is a job of the background worker (kind "sequence.step", payload
// {runId, step, generation}): scheduling bumps the run's generation, so a job of an earlier
// schedule (a retried, delayed or canceled step) finds nothing to do.

#include <optional>
#include <string>
#include <string_view>

#include "core/sequences/planner.hpp"
#include "crm/ports/sql.hpp"
#include "crm/records.hpp"
#include "crm/sequences.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::run_ops {

inline constexpr std::string_view kStepJobKind = "sequence.step";

// What a run needs to know about its lead.
struct LeadFacts {
  std::string id;
  std::optional<std::string> company_id;
  std::optional<std::string> owner_id;
  std::optional<std::string> company_rep_id;
  std::optional<std::string> company_name;
  LeadStage stage = LeadStage::kNewLead;
  bool is_dnc = false;
  Contact contact;
};
std::optional<LeadFacts> load_lead(sql::Connection& conn, std::string_view lead_id);
planner::ChannelFacts channels(const LeadFacts& lead);

// Who a run's messages and tasks belong to: the lead's owner, else the company's rep, else the
// user who started the run.
std::optional<std::string> run_owner(const LeadFacts& lead,
                                     const std::optional<std::string>& started_by);

// The sender budget state of `owner` for the channel of `action` (nullopt for CREATE_TASK/END
// or without an owner).
std::optional<planner::Throttle> throttle_for(sql::Connection& conn, const detail::Runtime& rt,
                                              SequenceAction action,
                                              const std::optional<std::string>& owner, TimeMs now);

// A run as its activities name it.
struct RunRef {
  std::string id;
  std::string lead_id;
  std::optional<std::string> company_id;
  std::string tag_slug;
};

// Makes `step` the run's current step, due at `due` (asked for at `nominal`), with `attempts`
// failed sends so far, and enqueues its job for `due`. Guarded by the generation the caller
// read (`expected_generation`): false, and nothing written, when the run moved on meanwhile.
bool schedule(sql::Transaction& tx, detail::Runtime& rt, std::string_view run_id,
              std::int64_t expected_generation, int step, TimeMs due, TimeMs nominal,
              int attempts = 0);

// Starts a run of `def` for the lead: step 1 planned on the lead's clock, the tasks of the
// CREATE_TASK steps it will reach precreated (due when planned), sequence_started logged.
// nullopt when a run of this tag is already open for the lead (the unique index decides) or
// the definition has no steps.
std::optional<SequenceRunSummary> start(sql::Transaction& tx, detail::Runtime& rt,
                                        const SequenceDefinition& def, const LeadFacts& lead,
                                        const std::optional<std::string>& started_by);

// Ends an ACTIVE or PAUSED run with `status` (COMPLETED or CANCELED) and `end_reason`; a
// canceled run's open tasks are deleted. Logs sequence_ended {runId, tagSlug, endReason,
// stepNumber}. False when the run was no longer open.
bool end(sql::Connection& conn, const detail::Runtime& rt, const RunRef& run, RunStatus status,
         std::string_view end_reason, const std::optional<std::string>& actor,
         std::optional<int> step = std::nullopt);

// Cancels every ACTIVE or PAUSED run of the lead with `end_reason` (stage changes).
void cancel_open_runs(sql::Connection& conn, const detail::Runtime& rt, std::string_view lead_id,
                      const std::optional<std::string>& company_id, std::string_view end_reason,
                      const std::optional<std::string>& actor);

// Deletes the open tasks precreated for steps `from` .. `to` - 1 of the run (to = 0: every step
// from `from` on): steps a branch jumped over.
void drop_skipped_tasks(sql::Connection& conn, std::string_view run_id, int from, int to);

// Inserts the task of a CREATE_TASK step unless the run already has one for that step.
// Returns the task's id.
std::string ensure_step_task(sql::Connection& conn, const detail::Runtime& rt,
                             std::string_view run_id, const LeadFacts& lead,
                             const std::optional<std::string>& assignee,
                             const std::optional<std::string>& created_by, const SequenceStep& step,
                             TimeMs due);

}  // namespace crm::run_ops
