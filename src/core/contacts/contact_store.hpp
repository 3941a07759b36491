#pragma once
// Loading contacts and checking email uniqueness inside a caller's transaction.

#include <optional>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm::contact_store {

std::optional<Contact> find(sql::Connection& conn, std::string_view id);
// The company's contacts, oldest first (the first is its primary contact, DOMAIN.md §4).
std::vector<Contact> of_company(sql::Connection& conn, std::string_view company_id);
// kNotFound ("Contact not found") unless the contact exists and `actor` may see it: a contact
// follows its company; one without a company is visible to everyone. kForUpdate locks the
// contact's row until the transaction ends.
Contact require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock = sql::Lock::kNone);
// kConflict with details existingContactId (and existingCompanyId when that contact has a
// company) when another contact than `except_id` holds `email_normalized`.
void ensure_email_free(sql::Connection& conn, std::string_view email_normalized,
                       std::optional<std::string_view> except_id = std::nullopt);

}  // namespace crm::contact_store
