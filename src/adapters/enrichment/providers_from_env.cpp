#include "adapters/enrichment/providers_from_env.hpp"

#include <cstdlib>

#include "adapters/ai/openai_chat.hpp"
#include "adapters/enrichment/brave.hpp"
#include "adapters/enrichment/google_places.hpp"
#include "adapters/enrichment/hunter.hpp"
#include "adapters/enrichment/prospeo.hpp"
#include "adapters/enrichment/reoon.hpp"
#include "adapters/enrichment/trestle.hpp"

namespace crm::providers {
namespace {

using std::chrono::milliseconds;

// Reoon's power mode runs SMTP checks that take up to a minute; AI answers take a while too.
constexpr milliseconds kDefaultTimeout{20000};
constexpr milliseconds kSlowTimeout{75000};

std::optional<std::string> value(const Env& env, std::string_view name) {
  auto v = env(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// The endpoint of a provider whose key is set, else nullopt.
std::optional<wire::Endpoint> endpoint(const Env& env, std::string_view key_var,
                                       std::string_view base_var, const char* default_base,
                                       milliseconds timeout = kDefaultTimeout) {
  auto key = value(env, key_var);
  if (!key) return std::nullopt;
  return wire::Endpoint{value(env, base_var).value_or(default_base), std::move(*key), timeout};
}

}  // namespace

Env process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

Providers from_environment(std::shared_ptr<http::Client> client, const Env& env) {
  Providers p;
  if (auto e = endpoint(env, "HUNTER_API_KEY", "HUNTER_API_BASE", kHunterDefaultBase))
    p.email_finder = make_hunter(client, std::move(*e));
  if (auto e = endpoint(env, "PROSPEO_API_KEY", "PROSPEO_API_BASE", kProspeoDefaultBase))
    p.mobile_finder = make_prospeo(client, std::move(*e));
  if (auto e = endpoint(env, "REOON_API_KEY", "REOON_API_BASE", kReoonDefaultBase, kSlowTimeout))
    p.email_verifier =
        make_reoon(client, std::move(*e), value(env, "REOON_MODE").value_or("power"));
  if (auto e = endpoint(env, "TRESTLE_API_KEY", "TRESTLE_API_BASE", kTrestleDefaultBase))
    p.phone_verifier = make_trestle(client, std::move(*e));
  if (auto e = endpoint(env, "BRAVE_API_KEY", "BRAVE_API_BASE", kBraveDefaultBase))
    p.business_search = make_brave(client, std::move(*e));
  if (auto e = endpoint(env, "GOOGLE_PLACES_API_KEY", "GOOGLE_PLACES_API_BASE",
                        kGooglePlacesDefaultBase))
    p.places = make_google_places(client, std::move(*e));
  if (auto e = endpoint(env, "AI_API_KEY", "AI_BASE_URL", kOpenAiDefaultBase, kSlowTimeout)) {
    ChatSettings settings;
    settings.model = value(env, "AI_MODEL").value_or(kDefaultAiModel);
    p.chat = make_openai_chat(client, std::move(*e), std::move(settings));
  }
  return p;
}

}  // namespace crm::providers
