#pragma once
// Brave Search (INTEGRATIONS.md §9): GET /web/search?q=..., key in X-Subscription-Token. The
// business's website is the first result on a host of its own (not a directory or social site)
// whose host or title carries the business's name.

#include <memory>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kBraveDefaultBase = "https://api.search.brave.com/res/v1";

std::shared_ptr<BusinessSearch> make_brave(std::shared_ptr<http::Client> client,
                                           wire::Endpoint endpoint);

}  // namespace crm::providers
