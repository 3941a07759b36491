// Wire names of the sales-automation enums (DOMAIN.md §7-§9).
#include <algorithm>
#include <iterator>

#include "core/util/enum_names.hpp"
#include "crm/message_templates.hpp"
#include "crm/sequences.hpp"
#include "crm/tags.hpp"
#include "crm/tasks.hpp"

namespace crm {
namespace {

using enum_names::name_of;
using enum_names::parse_from;

constexpr std::pair<TagCategory, std::string_view> kTagCategories[] = {
    {TagCategory::kIcp, "ICP"},
    {TagCategory::kPrecall, "PRECALL"},
    {TagCategory::kSpoke, "SPOKE"},
    {TagCategory::kOutcome, "OUTCOME"},
    {TagCategory::kCustom, "CUSTOM"}};

constexpr std::pair<TemplateChannel, std::string_view> kChannels[] = {
    {TemplateChannel::kSms, "SMS"}, {TemplateChannel::kEmail, "EMAIL"}};

constexpr std::pair<TemplateCategory, std::string_view> kTemplateCategories[] = {
    {TemplateCategory::kSequence, "SEQUENCE"}, {TemplateCategory::kCanned, "CANNED"}};

constexpr std::pair<SequenceAction, std::string_view> kActions[] = {
    {SequenceAction::kSendSms, "SEND_SMS"},
    {SequenceAction::kSendEmail, "SEND_EMAIL"},
    {SequenceAction::kCreateTask, "CREATE_TASK"},
    {SequenceAction::kEnd, "END"}};

constexpr std::pair<BranchCondition, std::string_view> kConditions[] = {
    {BranchCondition::kNoPhone, "NO_PHONE"},
    {BranchCondition::kNoEmail, "NO_EMAIL"},
    {BranchCondition::kNotSmsEligible, "NOT_SMS_ELIGIBLE"},
    {BranchCondition::kSendFailed, "SEND_FAILED"}};

constexpr std::pair<RunStatus, std::string_view> kRunStatuses[] = {
    {RunStatus::kActive, "ACTIVE"},
    {RunStatus::kPaused, "PAUSED"},
    {RunStatus::kCompleted, "COMPLETED"},
    {RunStatus::kCanceled, "CANCELED"}};

constexpr std::string_view kTaskTypes[] = {"CALL", "EMAIL", "SMS", "FOLLOW_UP", "MEETING", "OTHER"};
constexpr std::string_view kTaskPriorities[] = {"LOW", "MEDIUM", "HIGH", "URGENT"};

}  // namespace

std::string_view to_string(TagCategory c) { return name_of(kTagCategories, c); }
std::optional<TagCategory> parse_tag_category(std::string_view t) {
  return parse_from(kTagCategories, t);
}
std::string_view to_string(TemplateChannel c) { return name_of(kChannels, c); }
std::optional<TemplateChannel> parse_template_channel(std::string_view t) {
  return parse_from(kChannels, t);
}
std::string_view to_string(TemplateCategory c) { return name_of(kTemplateCategories, c); }
std::optional<TemplateCategory> parse_template_category(std::string_view t) {
  return parse_from(kTemplateCategories, t);
}
std::string_view to_string(SequenceAction a) { return name_of(kActions, a); }
std::optional<SequenceAction> parse_sequence_action(std::string_view t) {
  return parse_from(kActions, t);
}
std::string_view to_string(BranchCondition c) { return name_of(kConditions, c); }
std::optional<BranchCondition> parse_branch_condition(std::string_view t) {
  return parse_from(kConditions, t);
}
std::string_view to_string(RunStatus s) { return name_of(kRunStatuses, s); }
std::optional<RunStatus> parse_run_status(std::string_view t) {
  return parse_from(kRunStatuses, t);
}

bool is_task_type(std::string_view t) {
  return std::find(std::begin(kTaskTypes), std::end(kTaskTypes), t) != std::end(kTaskTypes);
}
bool is_task_priority(std::string_view t) {
  return std::find(std::begin(kTaskPriorities), std::end(kTaskPriorities), t) !=
         std::end(kTaskPriorities);
}

}  // namespace crm
