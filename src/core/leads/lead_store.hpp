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
Lead require_visible(sql::Connection& conn, const Actor& actor, std::string_view id);

}  // namespace crm::lead_store
