#pragma once
// An OpenAI-compatible chat-completions endpoint (INTEGRATIONS.md §10): POST
// {AI_BASE_URL}/chat/completions with a Bearer key. `max_tokens` is sent (not
// max_completion_tokens) because many compatible servers accept only that one.

#include <memory>
#include <string>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kOpenAiDefaultBase = "https://api.openai.com/v1";
inline constexpr const char* kDefaultAiModel = "gpt-4o-mini";

struct ChatSettings {
  std::string model = kDefaultAiModel;
  double temperature = 0.3;
  int max_tokens = 600;
};

std::shared_ptr<ChatModel> make_openai_chat(std::shared_ptr<http::Client> client,
                                            wire::Endpoint endpoint, ChatSettings settings = {});

}  // namespace crm::providers
