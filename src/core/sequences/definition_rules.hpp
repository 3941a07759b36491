#pragma once
// Sequence definitions as data (DOMAIN.md §8): reading the steps and the send window from
// their JSON form, checking all of it at once, renumbering, and the stored form. Pure.

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/message_templates.hpp"
#include "crm/sequences.hpp"

namespace crm::sequence_rules {

inline constexpr std::int64_t kMaxDelayMinutes = 366LL * 24 * 60;  // a year
inline constexpr int kMaxTaskDurationMin = 24 * 60;

// What a step's template must be: existing, active, of the step's channel.
struct TemplateFacts {
  TemplateChannel channel = TemplateChannel::kSms;
  bool is_active = true;
};
using TemplateLookup = std::function<std::optional<TemplateFacts>(std::string_view slug)>;

struct ParsedSteps {
  std::vector<SequenceStep> steps;    // renumbered 1..n in stepNumber order
  std::vector<std::string> problems;  // every problem found, each naming its place
};

// Reads a JSON array of steps ({stepNumber?, delayMinutes, action, templateSlug?, task?,
// branches?}). Steps are ordered by stepNumber (array position when absent) and renumbered
// 1..n; branch targets name the stepNumbers as sent and are renumbered with them. Checks:
// numbering (positive, no duplicates), delays (0..a year), actions, templates (SEND_* only,
// existing, active, of the step's channel), tasks (CREATE_TASK only, with a title, a known
// taskType and priority, durationMin 1..1440), branches (known conditions, SEND_FAILED only on
// sends, targets 0 or a later step).
ParsedSteps parse_steps(std::string_view json, const TemplateLookup& templates);

struct ParsedWindow {
  std::optional<SendWindow> window;
  std::vector<std::string> problems;
};
// Reads {days: ["MON", ...], startMinute, endMinute} (null: no override).
ParsedWindow parse_window(std::string_view json);

// The JSON form of steps and windows: stored in sequences.steps / send_window and sent on the
// wire alike.
boost::json::array steps_to_json(const std::vector<SequenceStep>& steps);
boost::json::value window_to_json(const std::optional<SendWindow>& window);
// Stored forms, written by steps_to_json / window_to_json.
std::vector<SequenceStep> steps_from_stored(std::string_view json);
std::optional<SendWindow> window_from_stored(std::string_view json);

}  // namespace crm::sequence_rules
