#include "core/sequences/step_runner.hpp"

#include <boost/json/parse.hpp>

#include <charconv>

#include "core/activity/activity_log.hpp"
#include "core/leads/stage_rule.hpp"
#include "core/reference/settings_store.hpp"
#include "core/runtime.hpp"
#include "core/sequences/lead_clock.hpp"
#include "core/sequences/run_ops.hpp"
#include "core/sequences/sequence_store.hpp"
#include "core/sequences/throttle_store.hpp"
#include "core/templates/recipient_values.hpp"
#include "core/templates/template_store.hpp"
#include "crm/engine.hpp"
#include "crm/error.hpp"

namespace crm::step_runner {
namespace {

namespace json = boost::json;

constexpr int kMaxSendAttempts = 3;
constexpr TimeMs kRetryDelays[] = {5 * kMinuteMs, 30 * kMinuteMs};
constexpr std::int64_t kDefaultMaxLatenessMinutes = 240;
constexpr std::string_view kMaxLatenessSetting = "max_lateness_minutes";
// Steps one job may run inline (they are due now and send nothing); more wait for the next job.
constexpr int kMaxInlineSteps = 64;
// Step jobs one handler call takes (JobHandler::max_batch; a whole default claim), and the sends
// decided per shared transaction; no new chunk of sends starts with less than kLeaseMarginMs of
// the lease left. 256 steps that send nothing hold SQLite's writer for ~40 ms (64: 2.0-2.4 s for
// 10,000 steps in bench/sequence_bench, 256: 1.4-2.0 s; docs/performance.md).
constexpr int kMaxBatch = 256;
constexpr std::size_t kSendsPerChunk = 8;
constexpr TimeMs kLeaseMarginMs = 20 * kSecondMs;

bool is_send(SequenceAction a) {
  return a == SequenceAction::kSendSms || a == SequenceAction::kSendEmail;
}

MessageChannel channel_of(SequenceAction a) {
  return a == SequenceAction::kSendSms ? MessageChannel::kSms : MessageChannel::kEmail;
}

// The run's row as the runner needs it.
struct RunState {
  std::string id;
  std::string lead_id;
  std::string tag_slug;
  RunStatus status = RunStatus::kActive;
  int current_step = 1;
  std::int64_t generation = 0;
  std::optional<TimeMs> next_run_at;
  int step_attempts = 0;
  std::optional<std::string> started_by;
};

std::optional<RunState> lock_run(sql::Connection& conn, std::string_view id) {
  const auto res = conn.query(
      "SELECT r.id AS id, r.lead_id AS lead_id, r.tag_slug AS tag_slug, r.status AS status, "
      "r.current_step AS current_step, r.generation AS generation, r.next_run_at AS next_run_at, "
      "r.step_attempts AS step_attempts, r.started_by_id AS started_by FROM sequence_runs r "
      "WHERE r.id = ?" +
          conn.lock_clause(sql::Lock::kForUpdate, "r"),
      id);
  if (res.empty()) return std::nullopt;
  const auto& r = res.first();
  return RunState{r.text("id"),
                  r.text("lead_id"),
                  r.text("tag_slug"),
                  parse_run_status(r.text("status")).value_or(RunStatus::kCanceled),
                  static_cast<int>(r.integer("current_step")),
                  r.integer("generation"),
                  r.opt_integer("next_run_at"),
                  static_cast<int>(r.integer("step_attempts")),
                  r.opt_text("started_by")};
}

bool is_current(const std::optional<RunState>& run, const StepJob& job) {
  return run && run->status == RunStatus::kActive && run->current_step == job.step &&
         run->generation == job.generation;
}

std::int64_t max_lateness_ms(sql::Connection& conn, const detail::Runtime& rt) {
  std::int64_t minutes = kDefaultMaxLatenessMinutes;
  if (const auto v = settings_store::get(conn, rt.secrets, kMaxLatenessSetting)) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec == std::errc() && end == v->data() + v->size() && n >= 0) minutes = n;
  }
  return minutes * kMinuteMs;
}

// A send decided in the first transaction, carried out outside any.
struct PendingSend {
  StepJob job;
  SequenceAction action = SequenceAction::kSendSms;
  std::string template_slug;
  OutgoingMessage message;
};

// One run's steps inside one write transaction: the state it loaded, and the moves it makes.
class Execution {
 public:
  Execution(sql::Transaction& tx, detail::Runtime& rt, RunState run, SequenceDefinition def,
            run_ops::LeadFacts lead)
      : tx_(tx),
        conn_(tx.connection()),
        rt_(rt),
        now_(rt.now()),
        run_(std::move(run)),
        def_(std::move(def)),
        lead_(std::move(lead)),
        owner_(run_ops::run_owner(lead_, run_.started_by)) {}

  // Runs the current step and every following one that is due now and sends nothing. Returns
  // the send to make when the current step is a send that may go now.
  std::optional<PendingSend> go() {
    for (int i = 0; i < kMaxInlineSteps; ++i) {
      const SequenceStep* step = planner::step_at(def_.steps, run_.current_step);
      if (!step) return finish(RunStatus::kCompleted, "completed");
      if (lead_.is_dnc) return finish(RunStatus::kCanceled, "dnc");
      if (!is_open_stage(lead_.stage))
        return finish(RunStatus::kCanceled, stage_rule::cancel_reason_for(lead_.stage));
      const auto facts = run_ops::channels(lead_);
      if (const SequenceBranch* b = planner::channel_branch(*step, facts)) {
        run_ops::drop_skipped_tasks(conn_, run_.id, run_.current_step, b->go_to);
        tasks_changed();
        if (!move_to(b->go_to, RunStatus::kCanceled, "no_contact_channel")) return std::nullopt;
        continue;
      }
      switch (step->action) {
        case SequenceAction::kEnd:
          return finish(RunStatus::kCompleted, "completed");
        case SequenceAction::kCreateTask: {
          const std::string task_id = run_ops::ensure_step_task(conn_, rt_, run_.id, lead_, owner_,
                                                                run_.started_by, *step, now_);
          tasks_changed();
          executed(*step, {{"taskId", task_id}});
          if (!move_to(run_.current_step + 1, RunStatus::kCompleted, "completed"))
            return std::nullopt;
          continue;
        }
        default:
          if (!planner::channel_ok(*step, facts))
            return finish(RunStatus::kCanceled, "no_contact_channel");
          return prepare_send(*step);
      }
    }
    return std::nullopt;  // the next job goes on
  }

  // Records what became of a send prepared by go() (in a later transaction).
  void after_send(const PendingSend& p, const SendOutcome& outcome) {
    const SequenceStep* step = planner::step_at(def_.steps, run_.current_step);
    if (!step) return;
    if (outcome.status != SendOutcome::Status::kSent) {
      failed(*step, outcome.error.empty() ? "send failed" : outcome.error,
             outcome.status != SendOutcome::Status::kTransient &&
                 outcome.status != SendOutcome::Status::kNotConfigured);
      if (run_.status == RunStatus::kActive && moved_inline_) go();
      return;
    }
    const bool sms = p.action == SequenceAction::kSendSms;
    log(sms ? "sms_sent" : "email_sent",
        {{"runId", run_.id},
         {"tagSlug", run_.tag_slug},
         {"stepNumber", run_.current_step},
         {"templateSlug", p.template_slug},
         {"to", p.message.to},
         {"subject", sms ? json::value(nullptr) : json::value(p.message.subject)},
         {"body", p.message.body},
         {"providerMessageId", outcome.provider_message_id}});
    executed(*step, {});
    if (move_to(run_.current_step + 1, RunStatus::kCompleted, "completed")) go();
  }

  const RunState& run() const { return run_; }

 private:
  // The lead's clock; read on first use (task steps due at once never need it).
  const planner::Recipient& recipient() {
    if (!clock_) clock_ = lead_clock::load(conn_, rt_.secrets, lead_.id);
    return clock_->recipient;
  }

  std::optional<PendingSend> prepare_send(const SequenceStep& step) {
    const auto window = *planner::window_for(step.action, def_.send_window, recipient());
    const TimeMs due = run_.next_run_at.value_or(now_);
    if (planner::is_stale(due, now_, max_lateness_ms(conn_, rt_))) {
      const TimeMs at = planner::next_window_start(now_, recipient().zone, window);
      delay(step, at, at, "stale", {{"lateMinutes", (now_ - due) / kMinuteMs}});
      return std::nullopt;
    }
    const TimeMs in_window = planner::place_in_window(now_, recipient().zone, window);
    if (in_window != now_) {
      delay(step, in_window, in_window, "window", {});
      return std::nullopt;
    }
    if (!owner_) {
      failed(step, "the lead has no owner, company rep or starting user to send from", false);
      return std::nullopt;
    }
    const MessageChannel channel = channel_of(step.action);
    const auto tmpl = template_store::find_by_slug(conn_, step.template_slug.value_or(""));
    const TemplateChannel wanted =
        channel == MessageChannel::kSms ? TemplateChannel::kSms : TemplateChannel::kEmail;
    if (!tmpl || !tmpl->is_active || tmpl->channel != wanted) {
      failed(step, "template " + step.template_slug.value_or("") + " is missing or inactive", true);
      return std::nullopt;
    }
    const std::string key = throttle_store::sender_key(channel, *owner_);
    const auto limits = throttle_store::limits(conn_, rt_.secrets, channel, *owner_);
    if (!throttle_store::reserve(conn_, key, limits, now_)) {
      const auto at = planner::place(now_, step.action, def_.send_window, recipient(),
                                     throttle_store::state(conn_, key, limits, now_));
      delay(step, at.at, now_, "throttle", {});
      return std::nullopt;
    }
    recipient::Facts facts{lead_.contact, lead_.company_name, recipient::load_rep(conn_, *owner_)};
    const auto values = recipient::values(facts);
    PendingSend p;
    p.job = {run_.id, run_.current_step, run_.generation};
    p.action = step.action;
    p.template_slug = tmpl->slug;
    p.message.channel = channel;
    p.message.sender_user_id = *owner_;
    p.message.lead_id = lead_.id;
    p.message.to = channel == MessageChannel::kSms ? lead_.contact.phone_e164.value_or("")
                                                   : lead_.contact.email.value_or("");
    p.message.subject =
        placeholders::fill(tmpl->subject.value_or(""), values, recipient::variables());
    p.message.body = placeholders::fill(tmpl->body, values, recipient::variables());
    p.message.idempotency_key = "seq-step:" + run_.id + ":" + std::to_string(run_.current_step) +
                                ":" + std::to_string(run_.generation);
    return p;
  }

  // A failed send attempt: retried later, or (after the last attempt, or at once when
  // `permanent`) the SEND_FAILED branch, else the step is skipped.
  void failed(const SequenceStep& step, const std::string& error, bool permanent) {
    const int attempts = run_.step_attempts + 1;
    conn_.query(
        "UPDATE sequence_runs SET last_error = ?, step_attempts = ?, updated_at = ? WHERE id = ?",
        error, attempts, now_, run_.id);
    log("sequence_step_failed", {{"runId", run_.id},
                                 {"tagSlug", run_.tag_slug},
                                 {"stepNumber", run_.current_step},
                                 {"attempt", attempts},
                                 {"error", error}});
    if (!permanent && attempts < kMaxSendAttempts) {
      const TimeMs asked = now_ + kRetryDelays[attempts - 1];
      const auto at =
          planner::place(asked, step.action, def_.send_window, recipient(), std::nullopt);
      run_ops::schedule(tx_, rt_, run_.id, run_.generation, run_.current_step, at.at, asked,
                        attempts);
      return;
    }
    int next = run_.current_step + 1;
    for (const SequenceBranch& b : step.branches)
      if (b.when == BranchCondition::kSendFailed) {
        run_ops::drop_skipped_tasks(conn_, run_.id, run_.current_step + 1, b.go_to);
        tasks_changed();
        next = b.go_to;
        break;
      }
    moved_inline_ = move_to(next, RunStatus::kCanceled, "send_failed");
  }

  // Moves the run to step `next`, its delay counted from now. `next` = 0 or past the last step
  // ends the run with `end_status` / `end_reason`. True when that step is due now and sends
  // nothing: the caller runs it in this transaction.
  bool move_to(int next, RunStatus end_status, std::string_view end_reason) {
    const SequenceStep* step = planner::step_at(def_.steps, next);
    if (!step) {
      finish(end_status, end_reason);
      return false;
    }
    const TimeMs nominal = now_ + step->delay_minutes * kMinuteMs;
    if (nominal <= now_ && !is_send(step->action)) {
      conn_.query(
          "UPDATE sequence_runs SET current_step = ?, step_attempts = 0, updated_at = ? "
          "WHERE id = ?",
          next, now_, run_.id);
      run_.current_step = next;
      run_.step_attempts = 0;
      run_.next_run_at = now_;
      return true;
    }
    // Sends go in their window, on the sender's budget; tasks at their time.
    const TimeMs due =
        is_send(step->action)
            ? planner::place(nominal, step->action, def_.send_window, recipient(),
                             run_ops::throttle_for(conn_, rt_, step->action, owner_, now_))
                  .at
            : nominal;
    run_ops::schedule(tx_, rt_, run_.id, run_.generation, next, due, nominal);
    run_.current_step = next;
    run_.status = RunStatus::kActive;
    return false;
  }

  std::optional<PendingSend> finish(RunStatus status, std::string_view reason) {
    run_ops::end(conn_, rt_, {run_.id, lead_.id, lead_.company_id, run_.tag_slug}, status, reason,
                 std::nullopt, run_.current_step);
    if (status == RunStatus::kCanceled) tasks_changed();  // its open tasks went with it
    run_.status = status;
    return std::nullopt;
  }

  void delay(const SequenceStep&, TimeMs at, TimeMs nominal, std::string_view reason,
             json::object extra) {
    run_ops::schedule(tx_, rt_, run_.id, run_.generation, run_.current_step, at, nominal,
                      run_.step_attempts);
    json::object data{{"runId", run_.id},
                      {"tagSlug", run_.tag_slug},
                      {"stepNumber", run_.current_step},
                      {"delayedUntil", format_iso(at)},
                      {"reason", reason}};
    for (const auto& kv : extra) data[kv.key()] = kv.value();
    log("sequence_step_delayed", std::move(data));
  }

  void executed(const SequenceStep& step, json::object extra) {
    json::object data{{"runId", run_.id},
                      {"tagSlug", run_.tag_slug},
                      {"stepNumber", run_.current_step},
                      {"action", to_string(step.action)}};
    for (const auto& kv : extra) data[kv.key()] = kv.value();
    log("sequence_step_executed", std::move(data));
  }

  // Tasks were created or deleted: the dashboard's rollup is stale once this commits.
  void tasks_changed() {
    if (dashboard_cleared_) return;
    dashboard_cleared_ = true;
    rt_.invalidate_dashboard_on_commit(tx_);
  }

  void log(std::string type, json::object data) {
    activity::append(conn_, rt_,
                     {std::move(type), lead_.id, lead_.company_id, std::nullopt, std::move(data)});
  }

  sql::Transaction& tx_;
  sql::Connection& conn_;
  detail::Runtime& rt_;
  const TimeMs now_;
  RunState run_;
  const SequenceDefinition def_;
  const run_ops::LeadFacts lead_;
  std::optional<lead_clock::Clock> clock_;  // loaded when a window is needed
  const std::optional<std::string> owner_;
  bool moved_inline_ = false;       // failed() moved to a step due now
  bool dashboard_cleared_ = false;  // tasks_changed() registered its hook
};

// Loads what an Execution needs for `job`'s run, or nullopt when the job has nothing to do.
template <class Body>
auto with_execution(sql::Transaction& tx, detail::Runtime& rt, const StepJob& job, Body body)
    -> std::optional<std::invoke_result_t<Body, Execution&>> {
  auto& conn = tx.connection();
  auto run = lock_run(conn, job.run_id);
  if (!is_current(run, job)) return std::nullopt;
  auto def = sequence_store::find_definition(conn, run->tag_slug);
  auto lead = run_ops::load_lead(conn, run->lead_id);
  if (!def || !lead) {
    run_ops::end(conn, rt, {run->id, run->lead_id, std::nullopt, run->tag_slug},
                 RunStatus::kCanceled, "tag_removed", std::nullopt, run->current_step);
    return std::nullopt;
  }
  Execution ex(tx, rt, std::move(*run), std::move(*def), std::move(*lead));
  return body(ex);
}

SendOutcome send(detail::Runtime& rt, const OutgoingMessage& message) {
  const auto& sender = rt.options.message_sender;
  const bool sms = message.channel == MessageChannel::kSms;
  if (!sender)
    return SendOutcome::failed(
        SendOutcome::Status::kNotConfigured,
        sms ? "no SMS gateway is configured" : "no email sender is configured");
  try {
    return sender->send(message);
  } catch (const std::exception& e) {
    return SendOutcome::failed(SendOutcome::Status::kTransient, e.what());
  }
}

// Runs `job` on its own: decide, send, record.
JobResult run_alone(detail::Runtime& rt, const StepJob& job);

class StepHandler final : public JobHandler {
 public:
  JobResult run(const JobContext& ctx) override {
    const auto job = parse(ctx.payload_json);
    if (!job) return JobResult::permanent("malformed sequence.step payload");
    return run_alone(ctx.engine.runtime(), *job);
  }
  int max_batch() const override { return kMaxBatch; }
  std::vector<JobResult> run_batch(std::span<const JobContext> jobs) override;
};

// The first transaction of a step: the send to make, if any.
std::optional<PendingSend> prepare(sql::Transaction& tx, detail::Runtime& rt, const StepJob& job) {
  auto pending = with_execution(tx, rt, job, [](Execution& ex) { return ex.go(); });
  return pending ? std::move(*pending) : std::nullopt;
}

// The last transaction of a step: what became of its send. False when the run moved on while
// the message was out.
bool record(sql::Transaction& tx, detail::Runtime& rt, const PendingSend& p,
            const SendOutcome& outcome) {
  return with_execution(tx, rt, p.job,
                        [&](Execution& ex) {
                          ex.after_send(p, outcome);
                          return true;
                        })
      .has_value();
}

// A message that went out after its run was canceled still shows on the timeline.
void record_orphan_send(detail::Runtime& rt, const PendingSend& p, const SendOutcome& outcome) {
  rt.db->write([&](sql::Transaction& tx) {
    const auto lead = tx.query("SELECT company_id FROM leads WHERE id = ?", p.message.lead_id);
    activity::append(
        tx.connection(), rt,
        {p.action == SequenceAction::kSendSms ? "sms_sent" : "email_sent", p.message.lead_id,
         lead.empty() ? std::nullopt : lead.first().opt_text("company_id"), std::nullopt,
         json::object{{"runId", p.job.run_id},
                      {"stepNumber", p.job.step},
                      {"templateSlug", p.template_slug},
                      {"to", p.message.to},
                      {"body", p.message.body},
                      {"providerMessageId", outcome.provider_message_id}}});
  });
}

JobResult run_alone(detail::Runtime& rt, const StepJob& job) {
  const auto pending = rt.db->write([&](sql::Transaction& tx) { return prepare(tx, rt, job); });
  if (!pending) return JobResult::success();
  const SendOutcome outcome = send(rt, pending->message);
  const bool recorded =
      rt.db->write([&](sql::Transaction& tx) { return record(tx, rt, *pending, outcome); });
  if (!recorded && outcome.status == SendOutcome::Status::kSent)
    record_orphan_send(rt, *pending, outcome);
  return JobResult::success();
}

JobResult run_guarded(detail::Runtime& rt, const StepJob& job) {
  try {
    return run_alone(rt, job);
  } catch (const Error& e) {
    return JobResult::from_error(e);
  } catch (const std::exception& e) {
    return JobResult::transient(e.what());
  }
}

// Many steps share their transactions: the decisions of up to kSendsPerChunk sends (and of any
// number of steps that send nothing) in one, the sends outside any, their records in one more.
// When a shared transaction fails, the steps it held run one by one instead, so one bad run
// does not hold back the others.
std::vector<JobResult> StepHandler::run_batch(std::span<const JobContext> contexts) {
  if (contexts.empty()) return {};
  detail::Runtime& rt = contexts.front().engine.runtime();
  std::vector<JobResult> results(contexts.size(), JobResult::success());
  std::vector<std::optional<StepJob>> jobs;
  for (std::size_t i = 0; i < contexts.size(); ++i) {
    jobs.push_back(parse(contexts[i].payload_json));
    if (!jobs.back()) results[i] = JobResult::permanent("malformed sequence.step payload");
  }
  const TimeMs lease_until = contexts.front().lease_until;
  std::size_t next = 0;
  while (next < jobs.size()) {
    // Sends take time: no new chunk of them once the lease is running short.
    if (next > 0 && rt.now() > lease_until - kLeaseMarginMs) {
      for (std::size_t i = next; i < jobs.size(); ++i)
        if (jobs[i]) results[i] = JobResult::retry_after(0, "deferred: the batch ran long");
      break;
    }
    std::vector<PendingSend> pending;
    std::size_t end = next;
    try {
      rt.db->write([&](sql::Transaction& tx) {
        pending.clear();
        for (end = next; end < jobs.size() && pending.size() < kSendsPerChunk; ++end)
          if (jobs[end])
            if (auto p = prepare(tx, rt, *jobs[end])) pending.push_back(std::move(*p));
      });
    } catch (const std::exception&) {
      for (std::size_t i = next; i < jobs.size(); ++i)
        if (jobs[i]) results[i] = run_guarded(rt, *jobs[i]);
      break;
    }
    std::vector<SendOutcome> outcomes;
    for (const PendingSend& p : pending) outcomes.push_back(send(rt, p.message));
    std::vector<bool> recorded(pending.size(), false);
    try {
      rt.db->write([&](sql::Transaction& tx) {
        for (std::size_t i = 0; i < pending.size(); ++i)
          recorded[i] = record(tx, rt, pending[i], outcomes[i]);
      });
    } catch (const std::exception&) {
      for (std::size_t i = 0; i < pending.size(); ++i) {
        try {
          recorded[i] = rt.db->write(
              [&](sql::Transaction& tx) { return record(tx, rt, pending[i], outcomes[i]); });
        } catch (const std::exception&) {
          recorded[i] = true;  // the job's retry finds the step undone and decides again
          for (std::size_t j = next; j < end; ++j)
            if (jobs[j] && jobs[j]->run_id == pending[i].job.run_id)
              results[j] = JobResult::transient("recording the send failed");
        }
      }
    }
    for (std::size_t i = 0; i < pending.size(); ++i)
      if (!recorded[i] && outcomes[i].status == SendOutcome::Status::kSent)
        record_orphan_send(rt, pending[i], outcomes[i]);
    next = end;
  }
  return results;
}

}  // namespace

std::optional<StepJob> parse(std::string_view payload_json) {
  boost::system::error_code ec;
  const json::value v = json::parse(payload_json, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto* run = o.if_contains("runId");
  const auto* step = o.if_contains("step");
  const auto* gen = o.if_contains("generation");
  if (!run || !run->is_string() || !step || !step->is_int64() || !gen || !gen->is_int64())
    return std::nullopt;
  return StepJob{std::string(run->as_string()), static_cast<int>(step->as_int64()),
                 gen->as_int64()};
}

JobResult run(detail::Runtime& rt, const StepJob& job) { return run_alone(rt, job); }

std::shared_ptr<JobHandler> handler() { return std::make_shared<StepHandler>(); }

}  // namespace crm::step_runner
