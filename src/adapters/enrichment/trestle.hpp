#pragma once
// Trestle phone intel (INTEGRATIONS.md §9): GET /3.0/phone_intel?phone=&phone.country_hint=US,
// key in the x-api-key header. No add-ons are requested (their parameter name is unverified).

#include <memory>
#include <string>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kTrestleDefaultBase = "https://api.trestleiq.com";

// Trestle's line_type -> the contact's phoneType (DOMAIN.md §5): Mobile -> MOBILE; Landline ->
// LANDLINE; FixedVOIP/NonFixedVOIP -> VOIP; anything else -> UNKNOWN.
std::string trestle_phone_type(std::string_view line_type);

std::shared_ptr<PhoneVerifier> make_trestle(std::shared_ptr<http::Client> client,
                                            wire::Endpoint endpoint);

}  // namespace crm::providers
