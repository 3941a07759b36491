#include "core/sequences/definition_rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <limits>
#include <map>

#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/tasks.hpp"

namespace crm::sequence_rules {
namespace {

namespace json = boost::json;

constexpr std::string_view kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
constexpr auto kTaskTitle = validate::line_field("title");

std::optional<std::int64_t> as_int(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.as_uint64());
  if (v.is_double()) {
    const double d = v.as_double();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)) && d > -9.2e18 && d < 9.2e18)
      return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

const json::value* field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

bool is_send(SequenceAction a) {
  return a == SequenceAction::kSendSms || a == SequenceAction::kSendEmail;
}

// One step as sent, before renumbering: `key` is its stepNumber (or position), and branch
// targets still name keys.
struct RawStep {
  std::int64_t key = 0;
  std::string where;  // "steps[2]"
  SequenceStep step;
  // Per branch kept: its index in the request and its target as sent.
  std::vector<std::pair<std::size_t, std::int64_t>> targets;
};

class StepReader {
 public:
  StepReader(const TemplateLookup& templates, std::vector<std::string>& problems)
      : templates_(templates), problems_(problems) {}

  std::optional<RawStep> read(const json::value& v, std::size_t index) {
    RawStep raw;
    raw.where = "steps[" + std::to_string(index) + "]";
    raw.key = static_cast<std::int64_t>(index) + 1;
    if (!v.is_object()) {
      problem(raw.where, "must be an object");
      return std::nullopt;
    }
    const json::object& o = v.as_object();
    if (const auto* n = field(o, "stepNumber")) {
      const auto k = as_int(*n);
      if (!k || *k < 1)
        problem(raw.where + ".stepNumber", "must be a positive integer");
      else
        raw.key = *k;
    }
    read_delay(o, raw);
    const bool action_ok = read_action(o, raw);
    if (action_ok) {
      read_template(o, raw);
      read_task(o, raw);
    }
    read_branches(o, raw);
    return raw;
  }

 private:
  void problem(const std::string& where, std::string_view what) {
    problems_.push_back(where + " " + std::string(what));
  }

  void read_delay(const json::object& o, RawStep& raw) {
    const auto* d = field(o, "delayMinutes");
    if (!d) return;  // 0
    const auto minutes = as_int(*d);
    if (!minutes || *minutes < 0 || *minutes > kMaxDelayMinutes)
      problem(raw.where + ".delayMinutes",
              "must be a whole number of minutes from 0 to " + std::to_string(kMaxDelayMinutes));
    else
      raw.step.delay_minutes = *minutes;
  }

  bool read_action(const json::object& o, RawStep& raw) {
    const auto* a = field(o, "action");
    if (!a) {
      problem(raw.where + ".action", "is required");
      return false;
    }
    const auto action = a->is_string() ? parse_sequence_action(a->as_string()) : std::nullopt;
    if (!action) {
      problem(raw.where + ".action", "must be SEND_SMS, SEND_EMAIL, CREATE_TASK or END");
      return false;
    }
    raw.step.action = *action;
    return true;
  }

  void read_template(const json::object& o, RawStep& raw) {
    const auto* t = field(o, "templateSlug");
    const std::string where = raw.where + ".templateSlug";
    if (!is_send(raw.step.action)) {
      if (t) problem(where, "is only for SEND_SMS and SEND_EMAIL steps");
      return;
    }
    if (!t || !t->is_string() || t->as_string().empty()) {
      problem(where, "is required for " + std::string(to_string(raw.step.action)));
      return;
    }
    const std::string slug(t->as_string());
    raw.step.template_slug = slug;
    const auto facts = templates_(slug);
    const TemplateChannel wanted = raw.step.action == SequenceAction::kSendSms
                                       ? TemplateChannel::kSms
                                       : TemplateChannel::kEmail;
    if (!facts)
      problem(where, "names no template ('" + slug + "')");
    else if (!facts->is_active)
      problem(where, "names an inactive template ('" + slug + "')");
    else if (facts->channel != wanted)
      problem(where, "'" + slug + "' is an " + std::string(to_string(facts->channel)) +
                         " template, the step needs " + std::string(to_string(wanted)));
  }

  void read_task(const json::object& o, RawStep& raw) {
    const auto* t = field(o, "task");
    const std::string where = raw.where + ".task";
    if (raw.step.action != SequenceAction::kCreateTask) {
      if (t) problem(where, "is only for CREATE_TASK steps");
      return;
    }
    if (!t || !t->is_object()) {
      problem(where, "is required for CREATE_TASK (an object with a title)");
      return;
    }
    const json::object& task = t->as_object();
    StepTask out;
    try {
      const auto* title = field(task, "title");
      out.title = validate::required(
          kTaskTitle, title && title->is_string() ? std::optional<std::string>(title->as_string())
                                                  : std::nullopt);
    } catch (const Error& e) {
      problem(where + ":", e.what());
    }
    if (const auto* v = field(task, "taskType")) {
      if (v->is_string() && is_task_type(v->as_string()))
        out.task_type = std::string(v->as_string());
      else
        problem(where + ".taskType", "must be CALL, EMAIL, SMS, FOLLOW_UP, MEETING or OTHER");
    }
    if (const auto* v = field(task, "priority")) {
      if (v->is_string() && is_task_priority(v->as_string()))
        out.priority = std::string(v->as_string());
      else
        problem(where + ".priority", "must be LOW, MEDIUM, HIGH or URGENT");
    }
    if (const auto* v = field(task, "durationMin")) {
      const auto d = as_int(*v);
      if (!d || *d < 1 || *d > kMaxTaskDurationMin)
        problem(where + ".durationMin", "must be a whole number from 1 to 1440");
      else
        out.duration_min = static_cast<int>(*d);
    }
    raw.step.task = std::move(out);
  }

  void read_branches(const json::object& o, RawStep& raw) {
    const auto* b = field(o, "branches");
    if (!b) return;
    if (!b->is_array()) {
      problem(raw.where + ".branches", "must be an array");
      return;
    }
    std::size_t i = 0;
    for (const json::value& v : b->as_array()) {
      const std::size_t index = i++;
      const std::string where = raw.where + ".branches[" + std::to_string(index) + "]";
      if (!v.is_object()) {
        problem(where, "must be an object");
        continue;
      }
      const json::object& branch = v.as_object();
      const auto* w = field(branch, "when");
      const auto when = w && w->is_string() ? parse_branch_condition(w->as_string()) : std::nullopt;
      if (!when) {
        problem(where + ".when", "must be NO_PHONE, NO_EMAIL, NOT_SMS_ELIGIBLE or SEND_FAILED");
        continue;
      }
      if (*when == BranchCondition::kSendFailed && !is_send(raw.step.action)) {
        problem(where + ".when", "SEND_FAILED is only for SEND_SMS and SEND_EMAIL steps");
        continue;
      }
      const auto* g = field(branch, "goto");
      const auto target = g ? as_int(*g) : std::nullopt;
      if (!target || *target < 0) {
        problem(where + ".goto", "must be a later stepNumber, or 0 to end the run");
        continue;
      }
      raw.step.branches.push_back({*when, 0});
      raw.targets.emplace_back(index, *target);
    }
  }

  const TemplateLookup& templates_;
  std::vector<std::string>& problems_;
};

}  // namespace

ParsedSteps parse_steps(std::string_view text, const TemplateLookup& templates) {
  ParsedSteps out;
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  if (ec || !doc.is_array()) {
    out.problems.push_back("steps must be an array of steps");
    return out;
  }
  StepReader reader(templates, out.problems);
  std::vector<RawStep> raw;
  std::size_t index = 0;
  for (const json::value& v : doc.as_array())
    if (auto step = reader.read(v, index++)) raw.push_back(std::move(*step));

  std::stable_sort(raw.begin(), raw.end(),
                   [](const RawStep& a, const RawStep& b) { return a.key < b.key; });
  std::map<std::int64_t, int> renumbered;  // key as sent -> 1..n
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (!renumbered.emplace(raw[i].key, static_cast<int>(i) + 1).second)
      out.problems.push_back(raw[i].where + ".stepNumber " + std::to_string(raw[i].key) +
                             " is used by another step");
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    RawStep& r = raw[i];
    r.step.step_number = static_cast<int>(i) + 1;
    for (std::size_t b = 0; b < r.targets.size(); ++b) {
      const auto [index, target] = r.targets[b];
      if (target == 0) continue;  // end the run
      const auto it = renumbered.find(target);
      const std::string where = r.where + ".branches[" + std::to_string(index) + "].goto";
      if (target <= r.key)
        out.problems.push_back(where + " must name a later step (no backward jumps)");
      else if (it == renumbered.end())
        out.problems.push_back(where + " names no step (" + std::to_string(target) + ")");
      else
        r.step.branches[b].go_to = it->second;
    }
    out.steps.push_back(std::move(r.step));
  }
  return out;
}

ParsedWindow parse_window(std::string_view text) {
  ParsedWindow out;
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  if (ec) {
    out.problems.push_back("sendWindow must be an object or null");
    return out;
  }
  if (doc.is_null()) return out;
  if (!doc.is_object()) {
    out.problems.push_back("sendWindow must be an object or null");
    return out;
  }
  const json::object& o = doc.as_object();
  SendWindow w;
  const auto* days = field(o, "days");
  if (!days || !days->is_array() || days->as_array().empty()) {
    out.problems.push_back("sendWindow.days must be a non-empty array of SUN, MON, ... SAT");
  } else {
    for (const json::value& d : days->as_array()) {
      const auto it = d.is_string() ? std::find(std::begin(kDayNames), std::end(kDayNames),
                                                std::string_view(d.as_string()))
                                    : std::end(kDayNames);
      if (it == std::end(kDayNames)) {
        out.problems.push_back(
            "sendWindow.days must name days as SUN, MON, TUE, WED, THU, FRI, SAT");
        break;
      }
      w.days |= static_cast<std::uint8_t>(1U << (it - std::begin(kDayNames)));
    }
  }
  const auto* start = field(o, "startMinute");
  const auto* end = field(o, "endMinute");
  const auto s = start ? as_int(*start) : std::nullopt;
  const auto e = end ? as_int(*end) : std::nullopt;
  if (!s || *s < 0 || *s > 1439)
    out.problems.push_back("sendWindow.startMinute must be a minute of the day (0 to 1439)");
  if (!e || *e < 1 || *e > 1440)
    out.problems.push_back("sendWindow.endMinute must be a minute of the day (1 to 1440)");
  if (s && e && *s >= *e) out.problems.push_back("sendWindow.endMinute must be after startMinute");
  if (s) w.start_minute = static_cast<int>(*s);
  if (e) w.end_minute = static_cast<int>(*e);
  if (out.problems.empty()) out.window = w;
  return out;
}

boost::json::array steps_to_json(const std::vector<SequenceStep>& steps) {
  json::array out;
  for (const SequenceStep& s : steps) {
    json::object o{{"stepNumber", s.step_number},
                   {"delayMinutes", s.delay_minutes},
                   {"action", to_string(s.action)},
                   {"templateSlug", s.template_slug ? json::value(*s.template_slug) : nullptr}};
    if (s.task)
      o["task"] = json::object{{"title", s.task->title},
                               {"taskType", s.task->task_type},
                               {"priority", s.task->priority},
                               {"durationMin", s.task->duration_min}};
    else
      o["task"] = nullptr;
    json::array branches;
    for (const SequenceBranch& b : s.branches)
      branches.push_back(json::object{{"when", to_string(b.when)}, {"goto", b.go_to}});
    o["branches"] = std::move(branches);
    out.push_back(std::move(o));
  }
  return out;
}

boost::json::value window_to_json(const std::optional<SendWindow>& window) {
  if (!window) return nullptr;
  json::array days;
  for (int d = 0; d < 7; ++d)
    if ((window->days >> d) & 1U) days.push_back(json::string(kDayNames[d]));
  return json::object{{"days", std::move(days)},
                      {"startMinute", window->start_minute},
                      {"endMinute", window->end_minute}};
}

std::vector<SequenceStep> steps_from_stored(std::string_view text) {
  // Stored definitions passed parse_steps when they were saved; a template that has since been
  // deactivated shows up when the step runs, not here.
  ParsedSteps parsed =
      parse_steps(text, [](std::string_view) { return std::optional<TemplateFacts>(); });
  return std::move(parsed.steps);
}

std::optional<SendWindow> window_from_stored(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return parse_window(text).window;
}

}  // namespace crm::sequence_rules
