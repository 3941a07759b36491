#pragma once
// Prospeo (INTEGRATIONS.md §9): POST /enrich-person with enrich_mobile, key in the X-KEY header.
// No match (HTTP 400 NO_MATCH) is "nothing found", not an error.

#include <memory>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kProspeoDefaultBase = "https://api.prospeo.io";

std::shared_ptr<MobileFinder> make_prospeo(std::shared_ptr<http::Client> client,
                                           wire::Endpoint endpoint);

}  // namespace crm::providers
