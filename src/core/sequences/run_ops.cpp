#include "core/sequences/run_ops.hpp"

#include "core/activity/activity_log.hpp"
#include "core/jobs/outbox.hpp"
#include "core/records/record_rows.hpp"
#include "core/runtime.hpp"
#include "core/sequences/lead_clock.hpp"
#include "core/sequences/throttle_store.hpp"
#include "crm/error.hpp"

namespace crm::run_ops {

std::optional<LeadFacts> load_lead(sql::Connection& conn, std::string_view lead_id) {
  const auto res = conn.query(
      "SELECT l.id AS id, l.company_id AS company_id, l.owner_id AS owner_id, l.stage AS stage, "
      "l.is_dnc AS is_dnc, c.assigned_rep_id AS rep_id, c.name AS company_name, " +
          rows::contact_columns("ct", "ct_") +
          " FROM leads l JOIN contacts ct ON ct.id = l.contact_id "
          "LEFT JOIN companies c ON c.id = l.company_id WHERE l.id = ?",
      lead_id);
  if (res.empty()) return std::nullopt;
  const auto& r = res.first();
  LeadFacts f;
  f.id = r.text("id");
  f.company_id = r.opt_text("company_id");
  f.owner_id = r.opt_text("owner_id");
  f.company_rep_id = r.opt_text("rep_id");
  f.company_name = r.opt_text("company_name");
  f.stage = parse_lead_stage(r.text("stage")).value_or(LeadStage::kNewLead);
  f.is_dnc = r.boolean("is_dnc");
  f.contact = rows::row_to_contact(r, "ct_");
  return f;
}

planner::ChannelFacts channels(const LeadFacts& lead) {
  const Contact& c = lead.contact;
  return {c.phone_e164.has_value(), c.is_sms_eligible, c.email.has_value()};
}

std::optional<std::string> run_owner(const LeadFacts& lead,
                                     const std::optional<std::string>& started_by) {
  if (lead.owner_id) return lead.owner_id;
  if (lead.company_rep_id) return lead.company_rep_id;
  return started_by;
}

std::optional<planner::Throttle> throttle_for(sql::Connection& conn, const detail::Runtime& rt,
                                              SequenceAction action,
                                              const std::optional<std::string>& owner, TimeMs now) {
  if (!owner) return std::nullopt;
  MessageChannel channel;
  if (action == SequenceAction::kSendSms)
    channel = MessageChannel::kSms;
  else if (action == SequenceAction::kSendEmail)
    channel = MessageChannel::kEmail;
  else
    return std::nullopt;
  const auto limits = throttle_store::limits(conn, rt.secrets, channel, *owner);
  return throttle_store::state(conn, throttle_store::sender_key(channel, *owner), limits, now);
}

bool schedule(sql::Transaction& tx, detail::Runtime& rt, std::string_view run_id,
              std::int64_t expected_generation, int step, TimeMs due, TimeMs nominal,
              int attempts) {
  const auto res = tx.query(
      "UPDATE sequence_runs SET current_step = ?, next_run_at = ?, step_due_at = ?, "
      "step_attempts = ?, generation = generation + 1, updated_at = ? "
      "WHERE id = ? AND generation = ? AND status = 'ACTIVE' RETURNING generation",
      step, due, nominal, attempts, rt.now(), run_id, expected_generation);
  if (res.empty()) return false;
  const std::int64_t generation = res.first().integer("generation");
  const std::string run(run_id);
  jobs::enqueue(
      tx, rt,
      {std::string(kStepJobKind),
       boost::json::object{{"runId", run}, {"step", step}, {"generation", generation}},
       "seq-step:" + run + ":" + std::to_string(step) + ":" + std::to_string(generation), due});
  return true;
}

std::string ensure_step_task(sql::Connection& conn, const detail::Runtime& rt,
                             std::string_view run_id, const LeadFacts& lead,
                             const std::optional<std::string>& assignee,
                             const std::optional<std::string>& created_by, const SequenceStep& step,
                             TimeMs due) {
  const StepTask task = step.task.value_or(StepTask{"Follow up", "FOLLOW_UP", "MEDIUM", 30});
  const TimeMs now = rt.now();
  const auto inserted = conn.query(
      "INSERT INTO tasks (id, lead_id, company_id, assigned_to_id, created_by_id, "
      "sequence_run_id, sequence_step, title, task_type, priority, due_at, duration_min, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT DO NOTHING RETURNING id",
      rt.new_id(), lead.id, lead.company_id, assignee, created_by, run_id, step.step_number,
      task.title, task.task_type, task.priority, due, task.duration_min, now, now);
  if (!inserted.empty()) return inserted.first().text("id");
  return conn
      .query("SELECT id FROM tasks WHERE sequence_run_id = ? AND sequence_step = ?", run_id,
             step.step_number)
      .first()
      .text("id");
}

std::optional<SequenceRunSummary> start(sql::Transaction& tx, detail::Runtime& rt,
                                        const SequenceDefinition& def, const LeadFacts& lead,
                                        const std::optional<std::string>& started_by) {
  if (def.steps.empty()) return std::nullopt;
  auto& conn = tx.connection();
  const TimeMs now = rt.now();
  const std::string id = rt.new_id();
  const auto inserted = conn.query(
      "INSERT INTO sequence_runs (id, lead_id, tag_slug, status, current_step, started_at, "
      "started_by_id, generation, updated_at) VALUES (?, ?, ?, 'ACTIVE', 1, ?, ?, 0, ?) "
      "ON CONFLICT DO NOTHING",
      id, lead.id, def.tag_slug, now, started_by, now);
  if (inserted.changes == 0) return std::nullopt;

  const auto clock = lead_clock::load(conn, rt.secrets, lead.id);
  const auto owner = run_owner(lead, started_by);
  const SequenceAction first = def.steps.front().action;
  const auto due = planner::next_due(def, 1, now, now, clock.recipient,
                                     throttle_for(conn, rt, first, owner, now));
  schedule(tx, rt, id, 0, 1, due.at, now + def.steps.front().delay_minutes * kMinuteMs);

  // The tasks this run will create, so that reps see them coming.
  const auto planned =
      planner::preview(def, 1, due.at, now, clock.recipient, channels(lead),
                       throttle_for(conn, rt, SequenceAction::kSendSms, owner, now),
                       throttle_for(conn, rt, SequenceAction::kSendEmail, owner, now));
  for (const PlannedStep& p : planned)
    if (p.action == SequenceAction::kCreateTask)
      ensure_step_task(conn, rt, id, lead, owner, started_by,
                       *planner::step_at(def.steps, p.step_number), p.due_at);

  activity::append(conn, rt,
                   {"sequence_started", lead.id, lead.company_id, started_by,
                    boost::json::object{{"runId", id},
                                        {"tagSlug", def.tag_slug},
                                        {"stepNumber", 1},
                                        {"nextRunAt", format_iso(due.at)},
                                        {"timeZone", clock.zone_name}}});
  return SequenceRunSummary{id, def.tag_slug, "ACTIVE", 1, due.at, now};
}

bool end(sql::Connection& conn, const detail::Runtime& rt, const RunRef& run, RunStatus status,
         std::string_view end_reason, const std::optional<std::string>& actor,
         std::optional<int> step) {
  const TimeMs now = rt.now();
  const std::optional<std::string> cancel_reason =
      status == RunStatus::kCanceled ? std::optional<std::string>(end_reason) : std::nullopt;
  const auto res = conn.query(
      "UPDATE sequence_runs SET status = ?, ended_at = ?, end_reason = ?, cancel_reason = ?, "
      "next_run_at = NULL, updated_at = ? WHERE id = ? AND status IN ('ACTIVE', 'PAUSED')",
      to_string(status), now, end_reason, cancel_reason, now, run.id);
  if (res.changes == 0) return false;
  if (status == RunStatus::kCanceled)
    conn.query("DELETE FROM tasks WHERE sequence_run_id = ? AND is_completed = 0", run.id);
  boost::json::object data{{"runId", run.id},
                           {"tagSlug", run.tag_slug},
                           {"endReason", end_reason},
                           {"status", to_string(status)}};
  if (step) data["stepNumber"] = *step;
  activity::append(conn, rt, {"sequence_ended", run.lead_id, run.company_id, actor, data});
  return true;
}

void cancel_open_runs(sql::Connection& conn, const detail::Runtime& rt, std::string_view lead_id,
                      const std::optional<std::string>& company_id, std::string_view end_reason,
                      const std::optional<std::string>& actor) {
  const auto open = conn.query(
      "SELECT id, tag_slug, current_step FROM sequence_runs WHERE lead_id = ? AND status IN "
      "('ACTIVE', 'PAUSED') ORDER BY started_at, id",
      lead_id);
  for (const auto& r : open.rows)
    end(conn, rt, {r.text("id"), std::string(lead_id), company_id, r.text("tag_slug")},
        RunStatus::kCanceled, end_reason, actor, static_cast<int>(r.integer("current_step")));
}

void drop_skipped_tasks(sql::Connection& conn, std::string_view run_id, int from, int to) {
  if (to == 0)
    conn.query(
        "DELETE FROM tasks WHERE sequence_run_id = ? AND is_completed = 0 AND sequence_step >= ?",
        run_id, from);
  else
    conn.query(
        "DELETE FROM tasks WHERE sequence_run_id = ? AND is_completed = 0 AND sequence_step >= ? "
        "AND sequence_step < ?",
        run_id, from, to);
}

}  // namespace crm::run_ops
