// Sequence steps as jobs of the background worker (DOMAIN.md §8, §17): execution, consent at
// send time, branches, retries and SEND_FAILED, staleness, windows, throttles, idempotency.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "automation_helpers.hpp"
#include "core/sequences/step_runner.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::automation;
namespace json = boost::json;

namespace {

const TimeMs k0800NewYorkWed = *parse_iso("2026-11-18T13:00:00Z");  // 08:00 EST

struct SenderFixture : ApiFixture {
  std::shared_ptr<RecordingSender> sender;
  explicit SenderFixture(std::shared_ptr<RecordingSender> s = std::make_shared<RecordingSender>())
      : ApiFixture([s](EngineOptions& o) { o.message_sender = s; }), sender(std::move(s)) {}
};

std::string started_run(const ApiResult& r) {
  REQUIRE(r.status == 201);
  REQUIRE(r.body.as_object().contains("run"));
  return std::string(r.body.at("run").at("id").as_string());
}

std::string custom_tag(ApiFixture& f, const std::string& slug) {
  auto r =
      f.call("POST", "/api/tags", f.admin_token(), json::value{{"slug", slug}, {"name", slug}});
  REQUIRE(r.status == 201);
  return slug;
}

json::object sms_step(std::int64_t delay = 0, json::array branches = {}) {
  return {{"delayMinutes", delay},
          {"action", "SEND_SMS"},
          {"templateSlug", "no-answer-sms"},
          {"branches", std::move(branches)}};
}

json::object email_step(std::int64_t delay = 0) {
  return {{"delayMinutes", delay}, {"action", "SEND_EMAIL"}, {"templateSlug", "no-answer-email"}};
}

}  // namespace

TEST_CASE("sequence worker: the default handlers run sequence steps") {
  const auto kinds = default_job_handlers().kinds();
  CHECK(std::find(kinds.begin(), kinds.end(), "sequence.step") != kinds.end());
}

TEST_CASE("sequence worker: a run of CREATE_TASK steps with no delay completes within a second") {
  ApiFixture f;
  const auto token = f.admin_token();
  set_steps(f, custom_tag(f, "quick"),
            json::array{task_step("First"), task_step("Second"), task_step("Third")},
            {{"isActive", true}});
  const auto l = reachable_lead(f, token, "q@x.com");
  Worker worker(*f.engine, default_job_handlers());
  worker.start();
  const auto started = std::chrono::steady_clock::now();
  const auto run_id = started_run(apply_tag(f, token, l.lead, "quick"));
  std::string status;
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(5)) {
    status = run_row(f, run_id).text("status");
    if (status == "COMPLETED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const auto took = std::chrono::steady_clock::now() - started;
  worker.stop();
  REQUIRE(status == "COMPLETED");
  CHECK(took < std::chrono::seconds(1));
  CHECK(run_row(f, run_id).text("end_reason") == "completed");
  const auto tasks =
      f.sql("SELECT title FROM tasks WHERE sequence_run_id = ? ORDER BY sequence_step", run_id);
  REQUIRE(tasks.rows.size() == 3);
  CHECK(tasks.rows[0].text("title") == "First");
  CHECK(tasks.rows[2].text("title") == "Third");
  CHECK(activities(f, l.lead, "sequence_step_executed") == 3);
  CHECK(last_activity(f, l.lead, "sequence_ended").at("endReason") == "completed");
}

TEST_CASE(
    "sequence worker: a SEND_SMS step without a gateway fails visibly, retries, ends send_failed") {
  ApiFixture f;  // no MessageSender configured
  const auto token = f.admin_token();
  set_steps(f, custom_tag(f, "textme"), json::array{sms_step()}, {{"isActive", true}});
  const auto l = reachable_lead(f, token, "t@x.com");
  const auto run_id = started_run(apply_tag(f, token, l.lead, "textme"));
  CHECK(run_row(f, run_id).integer("next_run_at") == k0800NewYorkWed);
  Worker worker(*f.engine, default_job_handlers());
  CHECK(worker.run_once() == 0);  // 06:06 in New York: not yet

  f.clock->set(k0800NewYorkWed);
  CHECK(worker.run_once() == 1);
  auto row = run_row(f, run_id);
  CHECK(row.text("status") == "ACTIVE");
  CHECK(row.text("last_error") == "no SMS gateway is configured");
  CHECK(row.integer("step_attempts") == 1);
  CHECK(row.integer("next_run_at") == k0800NewYorkWed + 5 * kMinuteMs);
  CHECK(last_activity(f, l.lead, "sequence_step_failed").at("attempt") == 1);

  f.clock->set(row.integer("next_run_at"));
  CHECK(worker.run_once() == 1);
  row = run_row(f, run_id);
  CHECK(row.integer("step_attempts") == 2);
  CHECK(row.integer("next_run_at") == f.clock->now_ms() + 30 * kMinuteMs);

  f.clock->set(row.integer("next_run_at"));
  CHECK(worker.run_once() == 1);
  row = run_row(f, run_id);
  CHECK(row.text("status") == "CANCELED");
  CHECK(row.text("end_reason") == "send_failed");
  CHECK(row.text("last_error") == "no SMS gateway is configured");
  CHECK(activities(f, l.lead, "sequence_step_failed") == 3);
  CHECK(activities(f, l.lead, "sms_sent") == 0);
  CHECK(activities(f, l.lead, "sequence_step_executed") == 0);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM jobs WHERE status <> 'SUCCEEDED' AND kind = ?",
              "sequence.step") == 0);

  // Over REST: the run, its end reason and last error.
  auto r = f.call("GET", "/api/sequences/runs/" + run_id, token);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("status") == "CANCELED");
  CHECK(r.data().at("endReason") == "send_failed");
  CHECK(r.data().at("lastError") == "no SMS gateway is configured");
  CHECK(r.data().at("plannedSteps").as_array().empty());
}

TEST_CASE("sequence worker: after the last failure the SEND_FAILED branch is taken") {
  SenderFixture f(std::make_shared<RecordingSender>(
      SendOutcome::failed(SendOutcome::Status::kPermanent, "invalid destination")));
  const auto token = f.admin_token();
  set_steps(
      f, custom_tag(f, "fallback"),
      json::array{sms_step(0, json::array{json::object{{"when", "SEND_FAILED"}, {"goto", 3}}}),
                  email_step(0), task_step("Call instead")},
      {{"isActive", true}});
  const auto l = reachable_lead(f, token, "fb@x.com");
  const auto run_id = started_run(apply_tag(f, token, l.lead, "fallback"));
  Worker worker(*f.engine, default_job_handlers());
  f.clock->set(k0800NewYorkWed);
  CHECK(worker.run_once() == 1);
  // A permanent refusal skips the retries; the branch jumps over the email to the task, which
  // is due at once and runs in the same job.
  CHECK(f.sender->sent().size() == 1);
  const auto row = run_row(f, run_id);
  CHECK(row.text("status") == "COMPLETED");
  CHECK(row.text("last_error") == "invalid destination");
  CHECK(
      count(f,
            "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ? AND title = 'Call instead'",
            run_id) == 1);
  CHECK(activities(f, l.lead, "email_sent") == 0);
}

TEST_CASE("sequence worker: a due text goes through the sender, rendered, and the run advances") {
  SenderFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "go@x.com");
  const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
  Worker worker(*f.engine, default_job_handlers());

  f.clock->set(k0800NewYorkWed);
  CHECK(worker.run_once() == 1);
  auto sent = f.sender->sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].channel == MessageChannel::kSms);
  CHECK(sent[0].to == "+12125550100");
  CHECK(sent[0].sender_user_id == f.admin_id());
  CHECK(sent[0].lead_id == l.lead);
  CHECK(sent[0].body.starts_with("Hi Dana, this is Ada. I just tried to call you."));
  CHECK(sent[0].idempotency_key == "seq-step:" + run_id + ":1:1");
  const auto sms = last_activity(f, l.lead, "sms_sent");
  CHECK(sms.at("runId") == run_id.c_str());
  CHECK(sms.at("providerMessageId") == "provider-1");
  CHECK(sms.at("body") == sent[0].body.c_str());
  auto row = run_row(f, run_id);
  CHECK(row.integer("current_step") == 2);
  CHECK(row.integer("next_run_at") == k0800NewYorkWed + kHourMs);

  f.clock->set(k0800NewYorkWed + kHourMs);
  CHECK(worker.run_once() == 1);
  sent = f.sender->sent();
  REQUIRE(sent.size() == 2);
  CHECK(sent[1].channel == MessageChannel::kEmail);
  CHECK(sent[1].to == "go@x.com");
  CHECK(sent[1].subject == "Sorry I missed you, Dana");
  CHECK(activities(f, l.lead, "email_sent") == 1);
  row = run_row(f, run_id);
  CHECK(row.integer("current_step") == 3);
  // The precreated task's step: the task exists already and is not made twice.
  f.clock->set(row.integer("next_run_at"));
  CHECK(worker.run_once() == 1);
  CHECK(run_row(f, run_id).text("status") == "COMPLETED");
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 1);
  CHECK(activities(f, l.lead, "sequence_step_executed") == 3);
}

TEST_CASE("sequence worker: a lead tagged dnc between scheduling and sending is never messaged") {
  SenderFixture f;
  const auto token = f.admin_token();
  Worker worker(*f.engine, default_job_handlers());

  SUBCASE("through the dnc tag") {
    const auto l = reachable_lead(f, token, "d1@x.com");
    const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
    REQUIRE(apply_tag(f, token, l.lead, "dnc").status == 201);
    f.clock->set(k0800NewYorkWed);
    worker.run_once();
    CHECK(f.sender->sent().empty());
    CHECK(run_row(f, run_id).text("end_reason") == "dnc");
  }
  SUBCASE("marked DNC by any other path: the consent check at send time stops it") {
    const auto l = reachable_lead(f, token, "d2@x.com");
    const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
    f.sql("UPDATE leads SET is_dnc = 1 WHERE id = ?", l.lead);
    f.clock->set(k0800NewYorkWed);
    CHECK(worker.run_once() == 1);
    CHECK(f.sender->sent().empty());
    const auto row = run_row(f, run_id);
    CHECK(row.text("status") == "CANCELED");
    CHECK(row.text("end_reason") == "dnc");
    CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 0);
  }
  SUBCASE("a closed stage stops it too") {
    const auto l = reachable_lead(f, token, "d3@x.com");
    const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
    f.sql("UPDATE leads SET stage = 'BOGUS' WHERE id = ?", l.lead);
    f.clock->set(k0800NewYorkWed);
    CHECK(worker.run_once() == 1);
    CHECK(f.sender->sent().empty());
    CHECK(run_row(f, run_id).text("end_reason") == "stage_bogus");
  }
}

TEST_CASE("sequence worker: channels are checked at send time; branches or no_contact_channel") {
  SenderFixture f;
  const auto token = f.admin_token();
  Worker worker(*f.engine, default_job_handlers());
  // No phone: no-answer's text branches (NOT_SMS_ELIGIBLE) to the email an hour later.
  const auto l = lead(f, token, json::object{{"firstName", "Eve"}, {"email", "eve@x.com"}});
  const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
  f.clock->set(k0800NewYorkWed);
  CHECK(worker.run_once() == 1);
  CHECK(f.sender->sent().empty());
  auto row = run_row(f, run_id);
  CHECK(row.integer("current_step") == 2);
  CHECK(row.integer("next_run_at") == k0800NewYorkWed + kHourMs);
  f.clock->set(k0800NewYorkWed + kHourMs);
  CHECK(worker.run_once() == 1);
  REQUIRE(f.sender->sent().size() == 1);
  CHECK(f.sender->sent()[0].channel == MessageChannel::kEmail);

  // A send without its channel and no branch for it ends the run.
  set_steps(f, custom_tag(f, "mail-only"), json::array{email_step()}, {{"isActive", true}});
  const auto phone_only =
      lead(f, token, json::object{{"firstName", "Pat"}, {"phone", "+1 212 555 0101"}});
  const auto run2 = started_run(apply_tag(f, token, phone_only.lead, "mail-only"));
  f.clock->set(run_row(f, run2).integer("next_run_at"));
  CHECK(worker.run_once() == 1);
  row = run_row(f, run2);
  CHECK(row.text("status") == "CANCELED");
  CHECK(row.text("end_reason") == "no_contact_channel");
  CHECK(f.sender->sent().size() == 1);
}

TEST_CASE("sequence worker: a stale step is not sent late; it moves to the next window") {
  SenderFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "late@x.com");
  const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
  Worker worker(*f.engine, default_job_handlers());
  // The worker was down: found 5 hours after 08:00 (13:00 in New York, inside the window).
  f.clock->set(k0800NewYorkWed + 5 * kHourMs);
  CHECK(worker.run_once() == 1);
  CHECK(f.sender->sent().empty());
  const TimeMs thursday_0800 = k0800NewYorkWed + kDayMs;
  CHECK(run_row(f, run_id).integer("next_run_at") == thursday_0800);
  const auto delayed = last_activity(f, l.lead, "sequence_step_delayed");
  CHECK(delayed.at("reason") == "stale");
  CHECK(delayed.at("lateMinutes") == 300);
  CHECK(delayed.at("delayedUntil") == format_iso(thursday_0800).c_str());
  CHECK(delayed.at("stepNumber") == 1);

  f.clock->set(thursday_0800);
  CHECK(worker.run_once() == 1);
  CHECK(f.sender->sent().size() == 1);

  // Within max_lateness_minutes a late job still respects the window.
  const auto l2 = reachable_lead(f, token, "late2@x.com");
  const auto run2 = started_run(apply_tag(f, token, l2.lead, "no-answer"));
  REQUIRE(f.call("PATCH", "/api/settings", token,
                 json::value{{"key", "max_lateness_minutes"}, {"value", "100000"}})
              .status == 200);
  const TimeMs next = run_row(f, run2).integer("next_run_at");
  CHECK(next == thursday_0800 + 5 * kMinuteMs);  // applied at 08:00: the text at 08:05
  f.clock->set(next + 14 * kHourMs);             // Thursday 22:05 in New York
  worker.run_once();
  CHECK(run_row(f, run2).integer("next_run_at") == thursday_0800 + kDayMs);  // Friday 08:00
  CHECK(last_activity(f, l2.lead, "sequence_step_delayed").at("reason") == "window");
  for (const auto& m : f.sender->sent()) CHECK(m.lead_id != l2.lead);
}

TEST_CASE("sequence worker: a sender over its budget is rescheduled, never dropped") {
  SenderFixture f;
  const auto token = f.admin_token();
  REQUIRE(f.call("PATCH", "/api/settings", token,
                 json::value{{"key", "sms_max_per_minute"}, {"value", "1"}})
              .status == 200);
  const auto a = reachable_lead(f, token, "ta@x.com");
  const auto b = reachable_lead(f, token, "tb@x.com");
  const auto run_a = started_run(apply_tag(f, token, a.lead, "no-answer"));
  const auto run_b = started_run(apply_tag(f, token, b.lead, "no-answer"));
  Worker worker(*f.engine, default_job_handlers());
  f.clock->set(k0800NewYorkWed);
  worker.run_once();
  CHECK(f.sender->sent().size() == 1);
  const auto first = f.sender->sent()[0].lead_id;
  const auto& waiting = first == a.lead ? run_b : run_a;
  const auto& waiting_lead = first == a.lead ? b.lead : a.lead;
  CHECK(run_row(f, waiting).integer("current_step") == 1);
  CHECK(run_row(f, waiting).integer("next_run_at") == k0800NewYorkWed + kMinuteMs);
  CHECK(last_activity(f, waiting_lead, "sequence_step_delayed").at("reason") == "throttle");
  f.clock->advance(kMinuteMs);
  worker.run_once();
  REQUIRE(f.sender->sent().size() == 2);
  CHECK(f.sender->sent()[1].lead_id == waiting_lead);
}

TEST_CASE("sequence worker: a step delivered twice creates one task and advances once") {
  ApiFixture f;
  const auto token = f.admin_token();
  set_steps(f, custom_tag(f, "twice"), json::array{task_step("Once", 10), task_step("Later", 60)},
            {{"isActive", true}});
  const auto l = reachable_lead(f, token, "tw@x.com");
  const auto run_id = started_run(apply_tag(f, token, l.lead, "twice"));
  // Both tasks were precreated; clear them so that execution has to create them.
  f.sql("DELETE FROM tasks WHERE sequence_run_id = ?", run_id);
  const auto row = run_row(f, run_id);
  const step_runner::StepJob job{run_id, 1, row.integer("generation")};
  f.clock->set(row.integer("next_run_at"));
  CHECK(step_runner::run(f.engine->runtime(), job).kind() == JobResult::Kind::kSuccess);
  CHECK(step_runner::run(f.engine->runtime(), job).kind() == JobResult::Kind::kSuccess);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 1);
  const auto after = run_row(f, run_id);
  CHECK(after.integer("current_step") == 2);
  CHECK(after.integer("generation") == row.integer("generation") + 1);
  CHECK(activities(f, l.lead, "sequence_step_executed") == 1);
  // The job the worker holds for step 1 finds nothing to do either.
  Worker worker(*f.engine, default_job_handlers());
  CHECK(worker.run_once() == 1);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 1);
  CHECK(run_row(f, run_id).integer("current_step") == 2);
}

TEST_CASE("sequence worker: paused runs send nothing; stage changes cancel") {
  SenderFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "pz@x.com");
  const auto run_id = started_run(apply_tag(f, token, l.lead, "no-answer"));
  CHECK(f.engine->sequences().pause_lead_runs(l.lead) == 1);
  auto row = run_row(f, run_id);
  CHECK(row.text("status") == "PAUSED");
  CHECK(row.text("end_reason") == "replied");
  CHECK(row.is_null("next_run_at"));
  CHECK(last_activity(f, l.lead, "sequence_paused").at("runId") == run_id.c_str());
  Worker worker(*f.engine, default_job_handlers());
  f.clock->set(k0800NewYorkWed);
  CHECK(worker.run_once() == 1);
  CHECK(f.sender->sent().empty());
  CHECK(run_row(f, run_id).text("status") == "PAUSED");

  REQUIRE(f.call("PATCH", "/api/leads/" + l.lead + "/stage", token, json::value{{"stage", "LOST"}})
              .status == 200);
  row = run_row(f, run_id);
  CHECK(row.text("status") == "CANCELED");
  CHECK(row.text("end_reason") == "stage_lost");
}

TEST_CASE("sequence worker: steps run together share transactions; each counts on its own") {
  SenderFixture f;
  const auto token = f.admin_token();
  std::vector<std::string> leads, runs;
  for (int i = 0; i < 12; ++i) {  // more sends than one shared transaction decides
    const auto l = reachable_lead(f, token, "batch" + std::to_string(i) + "@x.com");
    leads.push_back(l.lead);
    runs.push_back(started_run(apply_tag(f, token, l.lead, "no-answer")));
  }
  f.sql("UPDATE leads SET is_dnc = 1 WHERE id = ?", leads[5]);
  std::vector<std::string> payloads;
  for (const auto& run_id : runs)
    payloads.push_back(json::serialize(json::object{
        {"runId", run_id}, {"step", 1}, {"generation", run_row(f, run_id).integer("generation")}}));
  payloads.push_back(payloads.front());  // the same step delivered twice in one batch
  payloads.push_back("{}");              // and a malformed payload
  f.clock->set(k0800NewYorkWed);
  std::vector<JobContext> contexts;
  for (std::size_t i = 0; i < payloads.size(); ++i)
    contexts.push_back(
        {*f.engine, "job", "sequence.step", payloads[i], 1, 5, k0800NewYorkWed + 5 * kMinuteMs});

  const auto handler = step_runner::handler();
  CHECK(handler->max_batch() > 1);
  const auto results = handler->run_batch(contexts);
  REQUIRE(results.size() == contexts.size());
  for (std::size_t i = 0; i + 1 < results.size(); ++i)
    CHECK(results[i].kind() == JobResult::Kind::kSuccess);
  CHECK(results.back().kind() == JobResult::Kind::kPermanent);

  const auto sent = f.sender->sent();
  CHECK(sent.size() == 11);
  for (std::size_t i = 0; i < leads.size(); ++i) {
    CAPTURE(i);
    const auto n = std::count_if(sent.begin(), sent.end(),
                                 [&](const OutgoingMessage& m) { return m.lead_id == leads[i]; });
    const auto row = run_row(f, runs[i]);
    if (i == 5) {
      CHECK(n == 0);
      CHECK(row.text("status") == "CANCELED");
      CHECK(row.text("end_reason") == "dnc");
    } else {
      CHECK(n == 1);
      CHECK(activities(f, leads[i], "sms_sent") == 1);
      CHECK(row.text("status") == "ACTIVE");
      CHECK(row.integer("current_step") == 2);
    }
  }
}
