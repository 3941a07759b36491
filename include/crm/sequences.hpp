#pragma once
// Sequences (DOMAIN.md §8): multi-step follow-ups a tag starts on a lead. A definition belongs
// to a tag slug; a run is one lead going through it. Steps send an SMS or an email in the
// lead's own send window, create a task, or end the run.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm {

enum class SequenceAction { kSendSms, kSendEmail, kCreateTask, kEnd };
std::string_view to_string(SequenceAction a);
std::optional<SequenceAction> parse_sequence_action(std::string_view text);

enum class BranchCondition { kNoPhone, kNoEmail, kNotSmsEligible, kSendFailed };
std::string_view to_string(BranchCondition c);
std::optional<BranchCondition> parse_branch_condition(std::string_view text);

struct SequenceBranch {
  BranchCondition when = BranchCondition::kNoPhone;
  int go_to = 0;  // a later step number, or 0: end the run
};

// What a CREATE_TASK step creates.
struct StepTask {
  std::string title;
  std::string task_type = "FOLLOW_UP";
  std::string priority = "MEDIUM";
  int duration_min = 30;
};

struct SequenceStep {
  int step_number = 1;             // 1..n, renumbered on save
  std::int64_t delay_minutes = 0;  // after the previous step (step 1: after the run starts)
  SequenceAction action = SequenceAction::kCreateTask;
  std::optional<std::string> template_slug;  // SEND_* only
  std::optional<StepTask> task;              // CREATE_TASK only
  std::vector<SequenceBranch> branches;      // the first that applies is taken
};

// Local days and minutes of the lead's clock when messages may go out: [start, end).
struct SendWindow {
  std::uint8_t days = 0;  // bit d set: weekday d allowed (0 = Sunday .. 6 = Saturday)
  int start_minute = 0;   // 0..1439
  int end_minute = 0;     // start+1..1440
};

struct SequenceDefinition {
  std::string id;
  std::string tag_slug;
  std::string name;
  std::optional<std::string> description;
  bool is_active = true;
  std::vector<SequenceStep> steps;
  // Overrides the default windows (SMS: 08:00-21:00 Monday-Saturday, 20:00 in Florida and
  // Oklahoma; email: 08:00-18:00 Monday-Friday). SMS never goes past those hours or on Sunday.
  std::optional<SendWindow> send_window;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::int64_t active_runs = 0;  // ACTIVE runs (lists only)
};

// Every field optional. steps_json: a JSON array of steps as the API writes them
// ({stepNumber, delayMinutes, action, templateSlug, task, branches}); send_window_json an object
// {days: ["MON", ...], startMinute, endMinute} or null to go back to the defaults.
struct SequencePatch {
  std::optional<std::string> name;
  Nullable<std::string> description;
  std::optional<bool> is_active;
  std::optional<std::string> steps_json;
  Nullable<std::string> send_window_json;
};

enum class RunStatus { kActive, kPaused, kCompleted, kCanceled };
std::string_view to_string(RunStatus s);
std::optional<RunStatus> parse_run_status(std::string_view text);

struct SequenceRun {
  std::string id;
  std::string lead_id;
  std::string tag_slug;
  RunStatus status = RunStatus::kActive;
  int current_step = 1;
  std::optional<TimeMs> next_run_at;  // when the current step really goes out (windows applied)
  TimeMs started_at = 0;
  std::optional<TimeMs> ended_at;
  std::optional<std::string> cancel_reason;
  // completed, stage_won, stage_lost, stage_bogus, dnc, replied (paused), manual, tag_removed,
  // precall_superseded, no_contact_channel, send_failed.
  std::optional<std::string> end_reason;
  std::optional<std::string> last_error;
  int step_attempts = 0;  // failed sends of the current step
};

struct PlannedStep {
  int step_number = 1;
  SequenceAction action = SequenceAction::kCreateTask;
  TimeMs due_at = 0;
};

struct RunLead {
  std::string id;
  LeadStage stage = LeadStage::kNewLead;
  bool is_dnc = false;
  std::optional<std::string> owner_id;
};

struct SequenceRunView {
  SequenceRun run;
  RunLead lead;
  Contact contact;
  std::optional<CompanySummary> company;
};

// GET /api/sequences/runs/[runId]: the run and, while it is open, when each remaining step
// will go out if nothing changes (windows and throttles applied), in the lead's time zone.
struct SequenceRunDetail {
  SequenceRunView view;
  std::string time_zone;  // the lead's, as resolved (DOMAIN.md §8)
  std::vector<PlannedStep> planned_steps;
};

struct RunQuery {
  std::optional<RunStatus> status;
  std::optional<std::string> tag_slug;
  std::optional<std::string> lead_id;
  PageRequest page;
};

namespace detail {
struct Runtime;
}

// Reads follow lead visibility (DOMAIN.md §3): runs of leads the actor cannot see answer
// kNotFound or are left out of lists. Thread-safe.
class SequenceService {
 public:
  explicit SequenceService(detail::Runtime& rt);

  // By tag slug, with active-run counts.
  std::vector<SequenceDefinition> list();
  SequenceDefinition get(std::string_view tag_slug);
  // ADMIN only. Validates the whole definition and answers kInvalidArgument listing every
  // problem; renumbers the steps 1..n (branch targets follow). A slug without a definition
  // gets one when its tag exists (kNotFound otherwise).
  SequenceDefinition update(const Actor& actor, std::string_view tag_slug,
                            const SequencePatch& patch);

  // Up to 10 ACTIVE runs of the sequence, oldest first.
  std::vector<SequenceRunView> active_runs(const Actor& actor, std::string_view tag_slug);
  Page<SequenceRunView> list_runs(const Actor& actor, const RunQuery& query);
  SequenceRunDetail get_run(const Actor& actor, std::string_view run_id);
  // Cancels an ACTIVE or PAUSED run (kInvalidArgument otherwise): endReason manual, the run's
  // open precreated tasks deleted, the tag that started it removed (tag_removed), and
  // sequence_run_canceled_manual logged.
  SequenceRun cancel_run(const Actor& actor, std::string_view run_id);
  // Pauses every ACTIVE run of the lead (an inbound reply: endReason replied), logging
  // sequence_paused for each. Returns how many were paused.
  int pause_lead_runs(std::string_view lead_id, std::string_view reason = "replied");

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
