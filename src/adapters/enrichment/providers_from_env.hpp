#pragma once
// Builds the engine's providers (crm/ports/providers.hpp) from environment variables, over one
// HTTP client. A provider whose key is unset or empty stays null ("not configured", 501).
//
//   HUNTER_API_KEY   HUNTER_API_BASE          (default https://api.hunter.io/v2)
//   PROSPEO_API_KEY  PROSPEO_API_BASE         (default https://api.prospeo.io)
//   REOON_API_KEY    REOON_API_BASE           (default https://emailverifier.reoon.com)
//                    REOON_MODE               power (default) | quick
//   TRESTLE_API_KEY  TRESTLE_API_BASE         (default https://api.trestleiq.com)
//   BRAVE_API_KEY    BRAVE_API_BASE           (default https://api.search.brave.com/res/v1)
//   GOOGLE_PLACES_API_KEY  GOOGLE_PLACES_API_BASE  (default https://places.googleapis.com)
//   AI_API_KEY       AI_BASE_URL              (default https://api.openai.com/v1)
//                    AI_MODEL                 (default gpt-4o-mini)

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/http_client.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

// Looks up one variable; nullopt when unset.
using Env = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (std::getenv).
Env process_env();

Providers from_environment(std::shared_ptr<http::Client> client, const Env& env = process_env());

}  // namespace crm::providers
