// Sequence definitions as data: parsing, checks that list every problem, renumbering.
#include <doctest/doctest.h>

#include <boost/json.hpp>

#include "core/sequences/definition_rules.hpp"

using namespace crm;
using namespace crm::sequence_rules;

namespace {

std::optional<TemplateFacts> templates(std::string_view slug) {
  if (slug == "sms-1") return TemplateFacts{TemplateChannel::kSms, true};
  if (slug == "mail-1") return TemplateFacts{TemplateChannel::kEmail, true};
  if (slug == "retired") return TemplateFacts{TemplateChannel::kSms, false};
  return std::nullopt;
}

ParsedSteps parse(const char* json) { return parse_steps(json, templates); }

bool has(const std::vector<std::string>& problems, std::string_view text) {
  for (const auto& p : problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("sequence definition: a valid definition is read, ordered and renumbered") {
  const auto p = parse(R"([
    {"stepNumber": 30, "delayMinutes": 1440, "action": "CREATE_TASK",
     "task": {"title": "Call back", "taskType": "CALL", "priority": "HIGH", "durationMin": 15}},
    {"stepNumber": 10, "delayMinutes": 5, "action": "SEND_SMS", "templateSlug": "sms-1",
     "branches": [{"when": "NOT_SMS_ELIGIBLE", "goto": 20}, {"when": "SEND_FAILED", "goto": 30}]},
    {"stepNumber": 20, "action": "SEND_EMAIL", "templateSlug": "mail-1",
     "branches": [{"when": "NO_EMAIL", "goto": 0}]}
  ])");
  CHECK(p.problems.empty());
  REQUIRE(p.steps.size() == 3);
  CHECK(p.steps[0].step_number == 1);
  CHECK(p.steps[0].action == SequenceAction::kSendSms);
  CHECK(p.steps[0].delay_minutes == 5);
  REQUIRE(p.steps[0].branches.size() == 2);
  CHECK(p.steps[0].branches[0].go_to == 2);  // 20 -> 2
  CHECK(p.steps[0].branches[1].go_to == 3);  // 30 -> 3
  CHECK(p.steps[1].step_number == 2);
  CHECK(p.steps[1].delay_minutes == 0);
  CHECK(p.steps[1].branches[0].go_to == 0);
  CHECK(p.steps[2].task->title == "Call back");
  CHECK(p.steps[2].task->priority == "HIGH");
  CHECK(p.steps[2].task->duration_min == 15);

  // Without stepNumbers, the array's order; task defaults filled in.
  const auto q = parse(R"([{"action": "CREATE_TASK", "task": {"title": "T"}}, {"action": "END"}])");
  CHECK(q.problems.empty());
  CHECK(q.steps[0].task->task_type == "FOLLOW_UP");
  CHECK(q.steps[0].task->priority == "MEDIUM");
  CHECK(q.steps[0].task->duration_min == 30);
  CHECK(q.steps[1].step_number == 2);

  // The stored form reads back the same.
  const auto stored = boost::json::serialize(steps_to_json(p.steps));
  const auto again = steps_from_stored(stored);
  REQUIRE(again.size() == 3);
  CHECK(again[0].branches[1].go_to == 3);
  CHECK(again[0].template_slug == std::optional<std::string>("sms-1"));
  CHECK(boost::json::serialize(steps_to_json(again)) == stored);
}

TEST_CASE("sequence definition: every problem is listed at once") {
  const auto p = parse(R"([
    {"stepNumber": 1, "delayMinutes": -5, "action": "SEND_SMS"},
    {"stepNumber": 1, "action": "SEND_EMAIL", "templateSlug": "sms-1"},
    {"stepNumber": 3, "action": "SEND_SMS", "templateSlug": "nope", "task": {"title": "x"}},
    {"stepNumber": 4, "action": "SEND_SMS", "templateSlug": "retired"},
    {"stepNumber": 5, "action": "CREATE_TASK", "templateSlug": "sms-1",
     "task": {"title": "", "taskType": "LUNCH", "priority": "NOW", "durationMin": 0},
     "branches": [{"when": "SEND_FAILED", "goto": 6}, {"when": "NO_PHONE", "goto": 2},
                  {"when": "SOMETIMES", "goto": 6}, {"when": "NO_EMAIL", "goto": 99},
                  {"when": "NO_EMAIL", "goto": "x"}]},
    {"stepNumber": 6, "action": "WAIT", "delayMinutes": 1.5},
    "not an object"
  ])");
  const auto& e = p.problems;
  CHECK(has(e, "steps[0].delayMinutes must be a whole number"));
  CHECK(has(e, "steps[0].templateSlug is required for SEND_SMS"));
  CHECK(has(e, "stepNumber 1 is used by another step"));
  CHECK(has(e, "steps[1].templateSlug 'sms-1' is an SMS template, the step needs EMAIL"));
  CHECK(has(e, "steps[2].templateSlug names no template ('nope')"));
  CHECK(has(e, "steps[2].task is only for CREATE_TASK steps"));
  CHECK(has(e, "steps[3].templateSlug names an inactive template ('retired')"));
  CHECK(has(e, "steps[4].templateSlug is only for SEND_SMS and SEND_EMAIL steps"));
  CHECK(has(e, "steps[4].task: title is required"));
  CHECK(has(e, "steps[4].task.taskType must be"));
  CHECK(has(e, "steps[4].task.priority must be"));
  CHECK(has(e, "steps[4].task.durationMin must be"));
  CHECK(has(e, "steps[4].branches[0].when SEND_FAILED is only for SEND_SMS and SEND_EMAIL"));
  CHECK(has(e, "steps[4].branches[1].goto must name a later step (no backward jumps)"));
  CHECK(has(e, "steps[4].branches[2].when must be"));
  CHECK(has(e, "steps[4].branches[3].goto names no step (99)"));
  CHECK(has(e, "steps[4].branches[4].goto must be a later stepNumber"));
  CHECK(has(e, "steps[5].delayMinutes"));
  CHECK(has(e, "steps[5].action must be SEND_SMS, SEND_EMAIL, CREATE_TASK or END"));
  CHECK(has(e, "steps[6] must be an object"));
  CHECK(e.size() == 20);

  CHECK(has(parse(R"({"steps": []})").problems, "steps must be an array"));
  CHECK(has(parse("not json").problems, "steps must be an array"));
  CHECK(has(parse(R"([{"stepNumber": 0, "action": "END"}])").problems,
            "steps[0].stepNumber must be a positive integer"));
  CHECK(has(parse(R"([{"action": "END", "delayMinutes": 600000}])").problems, "delayMinutes"));
  CHECK(parse("[]").problems.empty());
}

TEST_CASE("sequence definition: send windows") {
  auto w =
      parse_window(R"({"days": ["MON", "WED", "FRI"], "startMinute": 540, "endMinute": 1020})");
  CHECK(w.problems.empty());
  REQUIRE(w.window.has_value());
  CHECK(w.window->days == 0b0101010);
  CHECK(w.window->start_minute == 540);
  CHECK(w.window->end_minute == 1020);
  CHECK(boost::json::serialize(window_to_json(w.window)) ==
        R"({"days":["MON","WED","FRI"],"startMinute":540,"endMinute":1020})");
  CHECK_FALSE(parse_window("null").window.has_value());
  CHECK(parse_window("null").problems.empty());

  w = parse_window(R"({"days": ["MONDAY"], "startMinute": 1200, "endMinute": 600})");
  CHECK(w.problems.size() == 2);
  CHECK(has(w.problems, "sendWindow.days must name days"));
  CHECK(has(w.problems, "sendWindow.endMinute must be after startMinute"));
  w = parse_window(R"({"days": [], "startMinute": -1, "endMinute": 1441})");
  CHECK(w.problems.size() == 3);
  CHECK(has(parse_window("[1]").problems, "sendWindow must be an object or null"));
}
