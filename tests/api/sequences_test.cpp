// /api/sequences*: definitions (validation, renumbering), active runs, one run with its
// planned steps, manual cancel (DOMAIN.md §8).
#include <doctest/doctest.h>

#include "automation_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::automation;
namespace json = boost::json;

namespace {

std::string run_of(const ApiResult& r) {
  REQUIRE(r.status == 201);
  return std::string(r.body.at("run").at("id").as_string());
}

}  // namespace

TEST_CASE("sequences: tiers") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/sequences").status == 401);
  CHECK(f.call("GET", "/api/sequences/no-answer").status == 401);
  CHECK(f.call("PATCH", "/api/sequences/no-answer", "", json::value{{"name", "x"}}).status == 401);
  CHECK(f.call("GET", "/api/sequences/no-answer/runs").status == 401);
  CHECK(f.call("GET", "/api/sequences/runs/x").status == 401);
  CHECK(f.call("POST", "/api/sequences/runs/x/cancel").status == 401);
  CHECK(f.call("PATCH", "/api/sequences/no-answer", rep, json::value{{"name", "x"}}).status == 403);
  CHECK(f.call("GET", "/api/sequences", rep).status == 200);
  CHECK(f.call("GET", "/api/sequences/runs/x", rep).status == 404);
  CHECK(f.call("POST", "/api/sequences/runs/x/cancel", rep).status == 404);
}

TEST_CASE("sequences: the seeded definitions, their steps and active-run counts") {
  ApiFixture f;
  const auto token = f.admin_token();
  reachable_lead(f, token, "a@x.com");
  const auto a = reachable_lead(f, token, "b@x.com");
  const auto b = reachable_lead(f, token, "c@x.com");
  REQUIRE(apply_tag(f, token, a.lead, "no-answer").status == 201);
  REQUIRE(apply_tag(f, token, b.lead, "no-answer").status == 201);

  auto r = f.call("GET", "/api/sequences", token);
  REQUIRE(r.status == 200);
  const auto& list = r.data().as_array();
  REQUIRE(list.size() == 3);
  CHECK(list[0].at("tagSlug") == "left-voicemail");
  CHECK(list[1].at("tagSlug") == "no-answer");
  CHECK(list[1].at("activeRuns") == 2);
  CHECK(list[2].at("tagSlug") == "spoke-send-info");
  CHECK(list[2].at("activeRuns") == 0);

  r = f.call("GET", "/api/sequences/no-answer", token);
  REQUIRE(r.status == 200);
  const auto& d = r.data().as_object();
  CHECK(d.at("name") == "No answer");
  CHECK(d.at("isActive") == true);
  CHECK(d.at("sendWindow").is_null());
  const auto& steps = d.at("steps").as_array();
  REQUIRE(steps.size() == 3);
  CHECK(steps[0] == json::parse(R"({"stepNumber":1,"delayMinutes":5,"action":"SEND_SMS",
      "templateSlug":"no-answer-sms","task":null,
      "branches":[{"when":"NOT_SMS_ELIGIBLE","goto":2}]})"));
  CHECK(
      steps[2].at("task") ==
      json::parse(
          R"J({"title":"Call again (no answer)","taskType":"CALL","priority":"MEDIUM","durationMin":15})J"));
  CHECK(f.call("GET", "/api/sequences/nope", token).status == 404);
}

TEST_CASE("sequences: PATCH validates everything at once and writes nothing on a 400") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto r = f.call("PATCH", "/api/sequences/no-answer", admin, json::parse(R"({"name": "", "steps": [
                    {"stepNumber": 1, "action": "SEND_SMS", "templateSlug": "no-answer-email"},
                    {"stepNumber": 2, "action": "CREATE_TASK", "delayMinutes": -1},
                    {"stepNumber": 3, "action": "SEND_EMAIL", "templateSlug": "ghost",
                     "branches": [{"when": "NO_EMAIL", "goto": 1}]}],
                    "sendWindow": {"days": ["XYZ"], "startMinute": 60, "endMinute": 30}})"));
  REQUIRE(r.status == 400);
  const std::string e = r.error();
  CHECK(e.starts_with("Invalid sequence definition: "));
  for (const char* part :
       {"name is required", "steps[0].templateSlug 'no-answer-email' is an EMAIL template",
        "steps[1].delayMinutes", "steps[1].task is required",
        "steps[2].templateSlug names no template ('ghost')",
        "steps[2].branches[0].goto must name a later step", "sendWindow.days",
        "sendWindow.endMinute"}) {
    CAPTURE(part);
    CHECK(e.find(part) != std::string::npos);
  }
  CHECK(f.call("GET", "/api/sequences/no-answer", admin).data().at("name") == "No answer");

  r = f.call("PATCH", "/api/sequences/no-answer", admin, json::value{{"steps", "nope"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "Invalid sequence definition: steps must be an array of steps");
  r = f.call("PATCH", "/api/sequences/no-answer", admin, json::value{{"steps", json::array{}}});
  CHECK(r.error() ==
        "Invalid sequence definition: steps must hold at least one step for an active sequence");
  // Inactive, it may be empty.
  r = f.call("PATCH", "/api/sequences/no-answer", admin,
             json::value{{"steps", json::array{}}, {"isActive", false}});
  CHECK(r.status == 200);
  CHECK(f.call("PATCH", "/api/sequences/nope", admin, json::value{{"name", "X"}}).status == 404);
}

TEST_CASE("sequences: PATCH renumbers steps (branch targets follow) and sets the window") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto r = f.call("PATCH", "/api/sequences/no-answer", admin, json::parse(R"({
    "name": " No answer v2 ", "description": "Shorter", "isActive": true,
    "sendWindow": {"days": ["TUE", "MON"], "startMinute": 600, "endMinute": 960},
    "steps": [
      {"stepNumber": 50, "action": "END"},
      {"stepNumber": 20, "delayMinutes": 30, "action": "SEND_EMAIL", "templateSlug": "no-answer-email",
       "branches": [{"when": "NO_EMAIL", "goto": 40}]},
      {"stepNumber": 10, "action": "SEND_SMS", "templateSlug": "no-answer-sms",
       "branches": [{"when": "NOT_SMS_ELIGIBLE", "goto": 20}, {"when": "SEND_FAILED", "goto": 0}]},
      {"stepNumber": 40, "delayMinutes": 60, "action": "CREATE_TASK", "task": {"title": "Ring"}}]})"));
  REQUIRE(r.status == 200);
  const auto& d = r.data().as_object();
  CHECK(d.at("name") == "No answer v2");
  CHECK(d.at("description") == "Shorter");
  CHECK(d.at("sendWindow") ==
        json::parse(R"({"days":["MON","TUE"],"startMinute":600,"endMinute":960})"));
  const auto& steps = d.at("steps").as_array();
  REQUIRE(steps.size() == 4);
  CHECK(steps[0].at("action") == "SEND_SMS");
  CHECK(steps[0].at("branches") ==
        json::parse(R"([{"when":"NOT_SMS_ELIGIBLE","goto":2},{"when":"SEND_FAILED","goto":0}])"));
  CHECK(steps[1].at("stepNumber") == 2);
  CHECK(steps[1].at("branches").at(0).at("goto") == 3);
  CHECK(steps[2].at("task").at("taskType") == "FOLLOW_UP");
  CHECK(steps[3].at("action") == "END");
  CHECK(f.call("GET", "/api/sequences/no-answer", admin).data().at("steps") == d.at("steps"));

  r = f.call("PATCH", "/api/sequences/no-answer", admin, json::value{{"sendWindow", nullptr}});
  CHECK(r.data().at("sendWindow").is_null());
  CHECK(r.data().at("steps").as_array().size() == 4);
}

TEST_CASE("sequences: a tag without a sequence gets one through PATCH") {
  ApiFixture f;
  const auto admin = f.admin_token();
  REQUIRE(f.call("POST", "/api/tags", admin,
                 json::value{{"slug", "demo-booked"}, {"name", "Demo booked"}})
              .status == 201);
  CHECK(f.call("GET", "/api/sequences/demo-booked", admin).status == 404);
  auto r = f.call("PATCH", "/api/sequences/demo-booked", admin,
                  json::value{{"steps", json::array{task_step("Prepare the demo")}}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("name") == "Demo booked");
  CHECK(r.data().at("isActive") == false);  // switched on deliberately
  const auto l = reachable_lead(f, admin, "demo@x.com");
  CHECK_FALSE(apply_tag(f, admin, l.lead, "demo-booked").body.as_object().contains("run"));
  REQUIRE(f.call("PATCH", "/api/sequences/demo-booked", admin, json::value{{"isActive", true}})
              .status == 200);
  REQUIRE(f.call("DELETE", "/api/leads/" + l.lead + "/tags?tagSlug=demo-booked", admin).status ==
          200);
  CHECK(apply_tag(f, admin, l.lead, "demo-booked").body.as_object().contains("run"));
}

TEST_CASE("sequences: active runs of a sequence, as far as the caller can see") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto [rep_a, a_id] = f.make_user("a@example.com");
  const auto [rep_b, b_id] = f.make_user("b@example.com");
  const auto co_b = company(f, admin, {{"name", "B Co"}, {"assignedRepId", b_id}});
  const auto mine = reachable_lead(f, rep_a, "m@x.com");
  const auto theirs = reachable_lead(f, admin, "t@x.com", co_b);
  REQUIRE(apply_tag(f, rep_a, mine.lead, "no-answer").status == 201);
  f.clock->advance(kSecondMs);
  REQUIRE(apply_tag(f, admin, theirs.lead, "no-answer").status == 201);

  auto r = f.call("GET", "/api/sequences/no-answer/runs", admin);
  REQUIRE(r.status == 200);
  REQUIRE(r.data().as_array().size() == 2);
  const auto& first = r.data().as_array()[0];
  CHECK(first.at("leadId") == mine.lead.c_str());
  CHECK(first.at("status") == "ACTIVE");
  CHECK(first.at("lead").at("stage") == "NEW_LEAD");
  CHECK(first.at("contact").at("email") == "m@x.com");
  CHECK(first.at("company").is_null());
  CHECK(r.data().as_array()[1].at("company").at("id") == co_b.c_str());
  CHECK(first.at("nextRunAt") == "2026-11-18T13:00:00.000Z");

  r = f.call("GET", "/api/sequences/no-answer/runs", rep_a);
  REQUIRE(r.data().as_array().size() == 1);
  CHECK(r.data().as_array()[0].at("leadId") == mine.lead.c_str());
  CHECK(f.call("GET", "/api/sequences/nope/runs", rep_a).status == 404);
  CHECK(f.call("GET", "/api/sequences/left-voicemail/runs", rep_a).data().as_array().empty());
}

TEST_CASE("sequences: a run with its planned steps in the lead's time zone") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto [rep_a, a_id] = f.make_user("a@example.com");
  const auto [rep_b, b_id] = f.make_user("b@example.com");
  // A Honolulu contact: 08:00 there is 18:00 UTC.
  auto l = lead(f, rep_a,
                json::object{{"firstName", "Kai"},
                             {"email", "kai@x.com"},
                             {"phone", "+1 808 555 0100"},
                             {"isSmsEligible", true}});
  const auto run_id = run_of(apply_tag(f, rep_a, l.lead, "no-answer"));
  auto r = f.call("GET", "/api/sequences/runs/" + run_id, rep_a);
  REQUIRE(r.status == 200);
  const auto& d = r.data().as_object();
  CHECK(d.at("id") == run_id.c_str());
  CHECK(d.at("timeZone") == "Pacific/Honolulu");
  CHECK(d.at("nextRunAt") == "2026-11-18T18:00:00.000Z");
  CHECK(d.at("endReason").is_null());
  CHECK(d.at("lastError").is_null());
  CHECK(d.at("plannedSteps") == json::parse(R"([
    {"stepNumber":1,"action":"SEND_SMS","dueAt":"2026-11-18T18:00:00.000Z"},
    {"stepNumber":2,"action":"SEND_EMAIL","dueAt":"2026-11-18T19:00:00.000Z"},
    {"stepNumber":3,"action":"CREATE_TASK","dueAt":"2026-11-19T19:00:00.000Z"}])"));

  // The contact names its own zone: the plan follows.
  REQUIRE(f.call("PATCH", "/api/contacts/" + l.contact, rep_a,
                 json::value{{"timeZone", "America/Phoenix"}})
              .status == 200);
  r = f.call("GET", "/api/sequences/runs/" + run_id, rep_a);
  CHECK(r.data().at("timeZone") == "America/Phoenix");
  CHECK(r.data().at("plannedSteps").at(1).at("dueAt") == "2026-11-18T19:00:00.000Z");

  // Another rep's lead: 404. A company-less lead is everyone's.
  const auto co_a = company(f, admin, {{"name", "A Co"}, {"assignedRepId", a_id}});
  const auto owned = reachable_lead(f, rep_a, "own@x.com", co_a);
  const auto run2 = run_of(apply_tag(f, rep_a, owned.lead, "left-voicemail"));
  CHECK(f.call("GET", "/api/sequences/runs/" + run2, rep_b).status == 404);
  CHECK(f.call("GET", "/api/sequences/runs/" + run_id, rep_b).status == 200);
}

TEST_CASE("sequences: cancel a run by hand") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto [rep_a, a_id] = f.make_user("a@example.com");
  const auto [rep_b, b_id] = f.make_user("b@example.com");
  const auto co_a = company(f, admin, {{"name", "A Co"}, {"assignedRepId", a_id}});
  const auto l = reachable_lead(f, rep_a, "c@x.com", co_a);
  const auto run_id = run_of(apply_tag(f, rep_a, l.lead, "no-answer"));
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 1);

  CHECK(f.call("POST", "/api/sequences/runs/" + run_id + "/cancel", rep_b).status == 404);
  f.clock->advance(kMinuteMs);
  auto r = f.call("POST", "/api/sequences/runs/" + run_id + "/cancel", rep_a);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("status") == "CANCELED");
  CHECK(r.data().at("endReason") == "manual");
  CHECK(r.data().at("cancelReason") == "manual");
  CHECK(r.data().at("endedAt") == format_iso(f.clock->now_ms()).c_str());
  CHECK(r.data().at("nextRunAt").is_null());
  CHECK(count(f, "SELECT COUNT(*) AS n FROM tasks WHERE sequence_run_id = ?", run_id) == 0);
  CHECK(f.call("GET", "/api/leads/" + l.lead + "/tags", rep_a).data().as_array().empty());
  CHECK(activities(f, l.lead, "tag_removed") == 1);
  CHECK(last_activity(f, l.lead, "sequence_run_canceled_manual").at("runId") == run_id.c_str());
  CHECK(last_activity(f, l.lead, "sequence_ended").at("endReason") == "manual");

  r = f.call("POST", "/api/sequences/runs/" + run_id + "/cancel", rep_a);
  CHECK(r.status == 400);
  CHECK(r.error() == "Sequence run is not active");
}

TEST_CASE("sequences: their settings are checked: default_timezone, throttles, staleness") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto set = [&](const std::string& key, const json::value& value) {
    return f.call("PATCH", "/api/settings", admin, json::value{{"key", key}, {"value", value}});
  };
  CHECK(set("default_timezone", "America/Chicago").status == 200);
  auto r = set("default_timezone", "Central");
  CHECK(r.status == 400);
  CHECK(r.error() == "value must be an IANA time zone name such as America/New_York");
  CHECK(set("sms_max_per_minute", "30").status == 200);
  CHECK(set("email_max_per_day." + f.admin_id(), "50").status == 200);
  CHECK(set("max_lateness_minutes", "0").status == 200);
  for (const char* bad : {"-1", "ten", "1.5", "", "1234567890"}) {
    CAPTURE(bad);
    CHECK(set("sms_max_per_day", bad).status == 400);
  }

  // A company-less lead without a phone follows default_timezone.
  auto l = lead(f, admin, json::object{{"firstName", "Chi"}, {"email", "chi@x.com"}});
  auto run = apply_tag(f, admin, l.lead, "spoke-send-info");
  REQUIRE(run.status == 201);
  // 05:06 in Chicago: the email waits for 08:00 CST, 14:00 UTC.
  CHECK(run.body.at("run").at("nextRunAt") == "2026-11-18T14:00:00.000Z");
}
