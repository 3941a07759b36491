#pragma once
// Loading one lead inside a caller's transaction.

#include <optional>
#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm::lead_store {

std::optional<Lead> find(sql::Connection& conn, std::string_view id);
// kNotFound ("Lead not found") unless the lead exists and `actor` may see it (DOMAIN.md §3).
// kForUpdate locks the lead's row until the transaction ends.
Lead require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                     sql::Lock lock = sql::Lock::kNone);

}  // namespace crm::lead_store
