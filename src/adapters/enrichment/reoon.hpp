#pragma once
// Reoon email verifier (INTEGRATIONS.md §9): GET /api/v1/verify?email=&key=&mode=, key in the
// query. `mode` is "power" (SMTP checks, up to a minute) or "quick" (syntax, MX, disposable).

#include <memory>
#include <string>

#include "adapters/enrichment/provider_http.hpp"
#include "crm/ports/providers.hpp"

namespace crm::providers {

inline constexpr const char* kReoonDefaultBase = "https://emailverifier.reoon.com";

// Reoon's status word -> the contact's emailStatus (DOMAIN.md §5): safe/valid -> VALID;
// invalid/disabled/spamtrap -> INVALID; catch_all -> CATCH_ALL; disposable/role_account/
// inbox_full -> RISKY; anything else -> UNKNOWN.
std::string reoon_email_status(std::string_view reoon_status);

std::shared_ptr<EmailVerifier> make_reoon(std::shared_ptr<http::Client> client,
                                          wire::Endpoint endpoint, std::string mode = "power");

}  // namespace crm::providers
