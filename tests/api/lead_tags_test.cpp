// GET/POST/DELETE /api/leads/[id]/tags: the side effects of DOMAIN.md §7, step by step.
#include <doctest/doctest.h>

#include "automation_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::automation;
namespace json = boost::json;

namespace {

std::vector<std::string> slugs(const json::value& tags) {
  std::vector<std::string> out;
  for (const auto& t : tags.as_array()) out.emplace_back(t.at("slug").as_string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string open_run(ApiFixture& f, const std::string& lead, const std::string& slug) {
  const auto res =
      f.sql("SELECT id FROM sequence_runs WHERE lead_id = ? AND tag_slug = ? AND status = 'ACTIVE'",
            lead, slug);
  REQUIRE(res.rows.size() == 1);
  return res.first().text("id");
}

std::int64_t job_count(ApiFixture& f, const std::string& kind) {
  return count(f, "SELECT COUNT(*) AS n FROM jobs WHERE kind = ?", kind);
}

}  // namespace

TEST_CASE("lead tags: every endpoint requires a token") {
  ApiFixture f;
  const auto l = reachable_lead(f, f.admin_token(), "a@x.com");
  CHECK(f.call("GET", "/api/leads/" + l.lead + "/tags").status == 401);
  CHECK(f.call("POST", "/api/leads/" + l.lead + "/tags", "", json::value{{"tagSlug", "won"}})
            .status == 401);
  CHECK(f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=won").status == 401);
}

TEST_CASE("lead tags: apply, repeat, list and remove a tag") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  auto created = f.call("POST", "/api/tags", f.admin_token(),
                        json::value{{"slug", "hot"}, {"name", "Hot lead"}, {"color", "#f00"}});
  REQUIRE(created.status == 201);
  const auto l = reachable_lead(f, rep, "a@x.com");

  auto r = apply_tag(f, rep, l.lead, "hot");
  REQUIRE(r.status == 201);
  CHECK(slugs(r.data()) == std::vector<std::string>{"hot"});
  CHECK(r.body.at("applied") == true);
  CHECK_FALSE(r.body.as_object().contains("run"));
  const auto& tag = r.data().as_array()[0];
  CHECK(tag.at("name") == "Hot lead");
  CHECK(tag.at("category") == "CUSTOM");
  CHECK(tag.at("appliedAt") == format_iso(kStartTime).c_str());
  CHECK(activities(f, l.lead, "tag_applied") == 1);
  CHECK(last_activity(f, l.lead, "tag_applied").at("tagSlug") == "hot");
  CHECK(f.sql("SELECT engagement FROM lead_scores WHERE lead_id = ?", l.lead)
            .first()
            .integer("engagement") == 5);

  // Already active: 200, nothing repeated.
  f.clock->advance(kMinuteMs);
  r = apply_tag(f, rep, l.lead, "hot");
  CHECK(r.status == 200);
  CHECK(r.body.at("applied") == false);
  CHECK(slugs(r.data()) == std::vector<std::string>{"hot"});
  CHECK(activities(f, l.lead, "tag_applied") == 1);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM lead_tags WHERE lead_id = ?", l.lead) == 1);
  CHECK(f.sql("SELECT engagement FROM lead_scores WHERE lead_id = ?", l.lead)
            .first()
            .integer("engagement") == 5);

  r = f.call("GET", "/api/leads/" + l.lead + "/tags", rep);
  REQUIRE(r.status == 200);
  CHECK(slugs(r.data()) == std::vector<std::string>{"hot"});

  r = f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=hot", rep);
  REQUIRE(r.status == 200);
  CHECK(r.data().as_array().empty());
  CHECK(activities(f, l.lead, "tag_removed") == 1);
  // History is kept.
  const auto row =
      f.sql("SELECT removed_at, removed_by_id FROM lead_tags WHERE lead_id = ?", l.lead);
  REQUIRE(row.rows.size() == 1);
  CHECK(row.first().integer("removed_at") == f.clock->now_ms());
  CHECK(row.first().text("removed_by_id") == rep_id);
  CHECK(f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=hot", rep).status == 404);
  CHECK(f.call("DELETE", "/api/leads/" + l.lead + "/tags", rep).status == 400);

  // Applied again after removal: a new application.
  CHECK(apply_tag(f, rep, l.lead, "hot").status == 201);
  CHECK(activities(f, l.lead, "tag_applied") == 2);
}

TEST_CASE("lead tags: unknown and inactive tags, invisible leads, bad bodies") {
  ApiFixture f;
  const auto [rep_a, a_id] = f.make_user("a@example.com");
  const auto [rep_b, b_id] = f.make_user("b@example.com");
  const auto co_b = company(f, f.admin_token(), {{"name", "B's"}, {"assignedRepId", b_id}});
  const auto mine = reachable_lead(f, rep_a, "mine@x.com");
  const auto theirs = reachable_lead(f, rep_b, "theirs@x.com", co_b);

  CHECK(apply_tag(f, rep_a, mine.lead, "nope").status == 404);
  auto t = f.call("POST", "/api/tags", f.admin_token(),
                  json::value{{"slug", "old"}, {"name", "Old"}, {"isActive", false}});
  REQUIRE(t.status == 201);
  auto r = apply_tag(f, rep_a, mine.lead, "old");
  CHECK(r.status == 400);
  CHECK(r.error() == "Tag is not active");
  CHECK(f.call("POST", "/api/leads/" + mine.lead + "/tags", rep_a, json::value{{"x", 1}}).status ==
        400);
  CHECK(f.call("POST", "/api/leads/" + mine.lead + "/tags", rep_a, json::value{{"tagSlug", 5}})
            .status == 400);
  CHECK(apply_tag(f, rep_a, "missing", "won").status == 404);

  // Rep A cannot see rep B's lead: 404 everywhere, nothing written.
  CHECK(f.call("GET", "/api/leads/" + theirs.lead + "/tags", rep_a).status == 404);
  CHECK(apply_tag(f, rep_a, theirs.lead, "dnc").status == 404);
  CHECK(f.call("DELETE", "/api/leads/" + theirs.lead + "/tags?tagSlug=dnc", rep_a).status == 404);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM lead_tags WHERE lead_id = ?", theirs.lead) == 0);
  CHECK(f.sql("SELECT is_dnc FROM leads WHERE id = ?", theirs.lead).first().integer("is_dnc") == 0);
}

TEST_CASE("lead tags: an icp tag labels the company and raises the fit") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto co = company(f, token, {{"name", "Corner Shop"}});
  const auto l = reachable_lead(f, token, "shop@x.com", co);
  const auto fit_before =
      f.sql("SELECT fit FROM lead_scores WHERE lead_id = ?", l.lead).first().integer("fit");

  REQUIRE(apply_tag(f, token, l.lead, "icp-retail").status == 201);
  const auto c = f.sql("SELECT icp_tag, business_label FROM companies WHERE id = ?", co).first();
  CHECK(c.text("icp_tag") == "icp-retail");
  CHECK(c.text("business_label") == "Retail");
  const auto score =
      f.sql("SELECT fit, engagement, total FROM lead_scores WHERE lead_id = ?", l.lead).first();
  CHECK(score.integer("fit") == std::min<std::int64_t>(50, fit_before + 20));
  CHECK(score.integer("engagement") == 5);
  CHECK(score.integer("total") == score.integer("fit") + 5);

  // A lead without a company: nothing to label.
  const auto loose = reachable_lead(f, token, "loose@x.com");
  CHECK(apply_tag(f, token, loose.lead, "icp-salon").status == 201);
}

TEST_CASE("lead tags: no-answer starts its sequence, timed in the lead's window, with its tasks") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "ring@x.com");

  // 2026-11-18 is a Wednesday; 11:06 UTC is 06:06 in New York (the lead's 212 number): the
  // text (5 minutes after the call) waits for 08:00 there.
  auto r = apply_tag(f, token, l.lead, "no-answer");
  REQUIRE(r.status == 201);
  REQUIRE(r.body.as_object().contains("run"));
  const auto& run = r.body.at("run");
  CHECK(run.at("status") == "ACTIVE");
  CHECK(run.at("nextRunAt") == "2026-11-18T13:00:00.000Z");
  const std::string run_id(run.at("id").as_string());
  CHECK(open_run(f, l.lead, "no-answer") == run_id);

  const auto row = run_row(f, run_id);
  CHECK(row.integer("current_step") == 1);
  CHECK(row.integer("next_run_at") == *parse_iso("2026-11-18T13:00:00Z"));
  const auto job =
      f.sql("SELECT kind, run_at, dedupe_key, payload FROM jobs WHERE kind = 'sequence.step'");
  REQUIRE(job.rows.size() == 1);
  CHECK(job.first().integer("run_at") == *parse_iso("2026-11-18T13:00:00Z"));
  CHECK(job.first().text("dedupe_key") == "seq-step:" + run_id + ":1:1");

  // Its CREATE_TASK step (a day after the 14:00 UTC email) is precreated for the rep to see.
  const auto tasks = f.sql(
      "SELECT title, due_at, sequence_step, assigned_to_id, task_type FROM tasks WHERE "
      "sequence_run_id = ?",
      run_id);
  REQUIRE(tasks.rows.size() == 1);
  CHECK(tasks.first().text("title") == "Call again (no answer)");
  CHECK(tasks.first().integer("sequence_step") == 3);
  CHECK(tasks.first().integer("due_at") == *parse_iso("2026-11-19T14:00:00Z"));
  CHECK(tasks.first().text("assigned_to_id") == f.admin_id());
  CHECK(tasks.first().text("task_type") == "CALL");

  const auto started = last_activity(f, l.lead, "sequence_started");
  CHECK(started.at("runId") == run_id.c_str());
  CHECK(started.at("tagSlug") == "no-answer");
  CHECK(started.at("nextRunAt") == "2026-11-18T13:00:00.000Z");
  CHECK(started.at("timeZone") == "America/New_York");

  // Applying it again starts nothing.
  CHECK(apply_tag(f, token, l.lead, "no-answer").status == 200);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM sequence_runs WHERE lead_id = ?", l.lead) == 1);

  // The lead detail lists the run.
  auto d = f.call("GET", "/api/leads/" + l.lead, token);
  REQUIRE(d.data().at("sequenceRuns").as_array().size() == 1);
  CHECK(d.data().at("sequenceRuns").as_array()[0].at("id") == run_id.c_str());
}

TEST_CASE("lead tags: a spoke tag cancels precall runs, removes precall tags, pauses PlusVibe") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "p@x.com");
  REQUIRE(apply_tag(f, token, l.lead, "no-answer").status == 201);
  REQUIRE(apply_tag(f, token, l.lead, "left-voicemail").status == 201);
  REQUIRE(apply_tag(f, token, l.lead, "hot-custom").status == 404);
  const auto run1 = open_run(f, l.lead, "no-answer");
  const auto run2 = open_run(f, l.lead, "left-voicemail");
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE lead_id = ? AND is_completed = 0",
              l.lead) == 2);

  f.clock->advance(kMinuteMs);
  auto r = apply_tag(f, token, l.lead, "spoke-interested");
  REQUIRE(r.status == 201);
  CHECK(slugs(r.data()) == std::vector<std::string>{"spoke-interested"});
  CHECK_FALSE(r.body.as_object().contains("run"));
  for (const auto& id : {run1, run2}) {
    const auto row = run_row(f, id);
    CHECK(row.text("status") == "CANCELED");
    CHECK(row.text("end_reason") == "precall_superseded");
    CHECK(row.integer("ended_at") == f.clock->now_ms());
  }
  CHECK(activities(f, l.lead, "sequence_ended") == 2);
  CHECK(last_activity(f, l.lead, "sequence_ended").at("endReason") == "precall_superseded");
  CHECK(activities(f, l.lead, "tag_removed") == 2);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE lead_id = ?", l.lead) == 0);
  CHECK(job_count(f, "plusvibe.pause-lead") == 1);
  CHECK(job_count(f, "plusvibe.stop-lead") == 0);
  const auto pv =
      f.sql("SELECT payload, dedupe_key FROM jobs WHERE kind = 'plusvibe.pause-lead'").first();
  CHECK(json::parse(pv.text("payload")).at("leadId") == l.lead.c_str());
  CHECK(pv.text("dedupe_key").starts_with("plusvibe-pause:"));
  CHECK(f.sql("SELECT stage FROM leads WHERE id = ?", l.lead).first().text("stage") == "NEW_LEAD");
}

TEST_CASE("lead tags: spoke-send-info replaces the precall run with its own") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "info@x.com");
  REQUIRE(apply_tag(f, token, l.lead, "no-answer").status == 201);
  auto r = apply_tag(f, token, l.lead, "spoke-send-info");
  REQUIRE(r.status == 201);
  REQUIRE(r.body.as_object().contains("run"));
  // The email goes at once in its window: 08:00 New York, 13:00 UTC.
  CHECK(r.body.at("run").at("nextRunAt") == "2026-11-18T13:00:00.000Z");
  CHECK(count(f, "SELECT COUNT(*) AS n FROM sequence_runs WHERE lead_id = ? AND status = 'ACTIVE'",
              l.lead) == 1);
  CHECK(open_run(f, l.lead, "spoke-send-info") ==
        std::string(r.body.at("run").at("id").as_string()));
}

TEST_CASE("lead tags: dnc ends every run, marks the lead, moves it to LOST; removal clears it") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "dnc@x.com");
  REQUIRE(apply_tag(f, token, l.lead, "no-answer").status == 201);
  // A non-precall run too, as if it had been started before.
  f.sql(
      "INSERT INTO sequence_runs (id, lead_id, tag_slug, status, current_step, started_at, "
      "generation) "
      "VALUES ('other-run', ?, 'custom-seq', 'ACTIVE', 1, 1, 1)",
      l.lead);

  auto r = apply_tag(f, token, l.lead, "dnc");
  REQUIRE(r.status == 201);
  CHECK_FALSE(r.body.as_object().contains("run"));
  const auto lead =
      f.sql("SELECT stage, is_dnc, lost_reason FROM leads WHERE id = ?", l.lead).first();
  CHECK(lead.text("stage") == "LOST");
  CHECK(lead.integer("is_dnc") == 1);
  CHECK(lead.text("lost_reason") == "DNC");
  CHECK(last_activity(f, l.lead, "stage_changed").at("reason") == "DNC");
  CHECK(count(f,
              "SELECT COUNT(*) AS n FROM sequence_runs WHERE lead_id = ? AND status = 'CANCELED' "
              "AND end_reason = 'dnc'",
              l.lead) == 2);
  CHECK(job_count(f, "plusvibe.stop-lead") == 1);
  CHECK(slugs(r.data()) == std::vector<std::string>{"dnc"});

  // A precall tag on a DNC lead starts nothing.
  r = apply_tag(f, token, l.lead, "left-voicemail");
  REQUIRE(r.status == 201);
  CHECK_FALSE(r.body.as_object().contains("run"));

  r = f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=dnc", token);
  REQUIRE(r.status == 200);
  const auto after =
      f.sql("SELECT stage, is_dnc, lost_reason FROM leads WHERE id = ?", l.lead).first();
  CHECK(after.integer("is_dnc") == 0);
  CHECK(after.is_null("lost_reason"));
  CHECK(after.text("stage") == "LOST");
  auto detail = f.call("GET", "/api/leads/" + l.lead, token);
  CHECK(detail.data().at("isDnc") == false);
}

TEST_CASE("lead tags: won moves the lead to WON and its company to CUSTOMER") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto co = company(f, token, {{"name", "Acme"}});
  const auto l = reachable_lead(f, token, "won@x.com", co);
  REQUIRE(apply_tag(f, token, l.lead, "left-voicemail").status == 201);
  REQUIRE(apply_tag(f, token, l.lead, "won").status == 201);
  const auto lead = f.sql("SELECT stage, won_at FROM leads WHERE id = ?", l.lead).first();
  CHECK(lead.text("stage") == "WON");
  CHECK(lead.integer("won_at") == f.clock->now_ms());
  CHECK(f.sql("SELECT status FROM companies WHERE id = ?", co).first().text("status") ==
        "CUSTOMER");
  const auto run = f.sql("SELECT end_reason FROM sequence_runs WHERE lead_id = ?", l.lead).first();
  CHECK(run.text("end_reason") == "precall_superseded");
  CHECK(job_count(f, "plusvibe.stop-lead") == 1);
}

TEST_CASE("lead tags: removing a tag cancels the run it started and drops its open tasks") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "rm@x.com");
  auto r = apply_tag(f, token, l.lead, "left-voicemail");
  const std::string run_id(r.body.at("run").at("id").as_string());
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 1);
  r = f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=left-voicemail", token);
  REQUIRE(r.status == 200);
  const auto row = run_row(f, run_id);
  CHECK(row.text("status") == "CANCELED");
  CHECK(row.text("end_reason") == "tag_removed");
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 0);
  CHECK(last_activity(f, l.lead, "sequence_ended").at("endReason") == "tag_removed");
}

TEST_CASE("lead tags: tag writes clear the dashboard cache") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto l = reachable_lead(f, token, "dash@x.com");
  auto before = f.call("GET", "/api/dashboard", token);
  REQUIRE(before.status == 200);
  REQUIRE(apply_tag(f, token, l.lead, "no-answer").status == 201);
  auto after = f.call("GET", "/api/dashboard", token);
  // The precreated task shows up at once (the cached rollup had no task).
  CHECK(before.data().at("tasks").at("next").as_array().empty());
  CHECK(after.data().at("tasks").at("next").as_array().size() == 1);
  REQUIRE(apply_tag(f, token, l.lead, "dnc").status == 201);
  auto lost = f.call("GET", "/api/dashboard", token);
  CHECK(lost.data().at("tasks").at("next").as_array().empty());
}
