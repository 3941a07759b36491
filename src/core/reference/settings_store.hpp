#pragma once
// Settings rows read and written inside a caller's transaction. Secret values are sealed with
// the engine's SecretBox (AES-256-GCM) before they are stored.

#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"

namespace crm {
class SecretBox;
}

namespace crm::settings_store {

// Credential-like keys (tokens, secrets, passwords, API keys): stored sealed.
bool is_secret(std::string_view key);
// Keys a REP never sees: secrets and every qb_* key.
bool is_admin_only(std::string_view key);

// The value, opened when it was stored sealed.
std::optional<std::string> get(sql::Connection& conn, const SecretBox& box, std::string_view key);

}  // namespace crm::settings_store
