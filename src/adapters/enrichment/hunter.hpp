#pragma once
// Hunter.io (INTEGRATIONS.md §9): the email finder for a named person, domain search for the most
// senior person when no name is known. Key in the `api_key` query parameter.

#include <memory>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kHunterDefaultBase = "https://api.hunter.io/v2";

std::shared_ptr<EmailFinder> make_hunter(std::shared_ptr<http::Client> client,
                                         wire::Endpoint endpoint);

}  // namespace crm::providers
