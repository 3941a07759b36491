#pragma once
// Google Places API (New) (INTEGRATIONS.md §6): Place Details by id, else Text Search; photo
// media with skipHttpRedirect=true, then the short-lived photoUri. The key goes in the
// X-Goog-Api-Key header, and in the `key` query parameter of the photo media call as the
// documentation shows it.

#include <memory>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kGooglePlacesDefaultBase = "https://places.googleapis.com";

std::shared_ptr<PlacesDirectory> make_google_places(std::shared_ptr<http::Client> client,
                                                    wire::Endpoint endpoint);

}  // namespace crm::providers
