#pragma once
// AI assistance for a lead (DOMAIN.md §16): an OpenAI-compatible chat model drafts a message,
// summarizes the lead or suggests the next action, from the lead's record and recent timeline.
// Read-only: nothing is written.

#include <optional>
#include <string>
#include <string_view>

#include "crm/user.hpp"

namespace crm {

enum class AiAction { kDraft, kSummarize, kSuggest };
std::string_view to_string(AiAction a);
std::optional<AiAction> parse_ai_action(std::string_view text);  // draft | summarize | suggest

enum class AiChannel { kEmail, kSms };
std::string_view to_string(AiChannel c);
std::optional<AiChannel> parse_ai_channel(std::string_view text);  // EMAIL | SMS, any case

struct AiRequest {
  AiAction action = AiAction::kSummarize;
  std::string lead_id;
  std::optional<AiChannel> channel;  // draft only; default EMAIL
};

namespace detail {
struct Runtime;
}

// Thread-safe.
class AiService {
 public:
  explicit AiService(detail::Runtime& rt);

  // The model's text. kNotFound for a lead the actor cannot see; kNotConfigured without a chat
  // model; kUpstream when the model fails or answers nothing.
  std::string assist(const Actor& actor, const AiRequest& request);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
