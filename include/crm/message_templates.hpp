#pragma once
// Message templates (DOMAIN.md §8): SMS and email bodies with {{variables}}, used by sequence
// steps (SEQUENCE, seeded) and picked by hand (CANNED).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/patch.hpp"
#include "crm/reference.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

enum class TemplateChannel { kSms, kEmail };
std::string_view to_string(TemplateChannel c);
std::optional<TemplateChannel> parse_template_channel(std::string_view text);

enum class TemplateCategory { kSequence, kCanned };
std::string_view to_string(TemplateCategory c);
std::optional<TemplateCategory> parse_template_category(std::string_view text);

struct MessageTemplate {
  std::string id;
  std::string slug;
  std::string name;
  TemplateChannel channel = TemplateChannel::kSms;
  TemplateCategory category = TemplateCategory::kCanned;
  std::optional<std::string> subject;  // EMAIL only
  std::string body;
  bool is_active = true;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct TemplateQuery {
  std::optional<TemplateChannel> channel;
  std::optional<TemplateCategory> category;
  ActiveFilter active = ActiveFilter::kActive;
};

// Create: name, channel and body required; subject for EMAIL only. Update: name, subject,
// body, isActive (the channel is fixed).
struct TemplateInput {
  std::optional<std::string> name;
  std::optional<TemplateChannel> channel;
  Nullable<std::string> subject;
  std::optional<std::string> body;
  std::optional<bool> is_active;
};

// The variables a template may use: {{firstName}}, {{lastName}}, {{fullName}},
// {{companyName}}, {{repFirstName}}, {{repName}}, {{repEmail}}, {{repPhone}}.
std::vector<std::string_view> template_variables();

namespace detail {
struct Runtime;
}

// Thread-safe.
class TemplateService {
 public:
  explicit TemplateService(detail::Runtime& rt);

  // By name.
  std::vector<MessageTemplate> list(const TemplateQuery& query);
  MessageTemplate get(std::string_view id);
  // A CANNED template with a unique slug made from its name. kInvalidArgument for an unknown
  // variable, a subject on an SMS template, a missing field.
  MessageTemplate create(const Actor& actor, const TemplateInput& input);
  // kPermissionDenied for SEQUENCE templates (they belong to the seeded sequences).
  MessageTemplate update(const Actor& actor, std::string_view id, const TemplateInput& input);
  // kPermissionDenied for SEQUENCE templates; kConflict while a sequence step uses it.
  void remove(const Actor& actor, std::string_view id);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
