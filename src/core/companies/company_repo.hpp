#pragma once
// Company rows shared by the company service's files (list, detail, addresses, notes).

#include <optional>
#include <string>
#include <string_view>

#include "core/companies/company_keys.hpp"
#include "crm/companies.hpp"
#include "crm/ports/sql.hpp"
#include "crm/user.hpp"

namespace crm::company_repo {

// The company, when it exists and the actor may see it (DOMAIN.md §3); kNotFound
// "Company not found" otherwise. kForUpdate locks its row until the transaction ends.
Company require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock = sql::Lock::kNone);

// Inserts `c` (id and times set by the caller) with its phone digits and match keys
// (company_keys, computed unless the caller has them) and, when known, its Google place id.
void insert(sql::Connection& conn, const Company& c,
            const std::optional<std::string>& google_place_id = std::nullopt,
            const std::optional<company_keys::Keys>& keys = std::nullopt);
// Writes the fields of `c` that the API edits, with its phone digits and match keys.
void update(sql::Connection& conn, const Company& c);

// Throws kInvalidArgument "assignedRepId must be an active user" unless `user_id` names an
// active user.
void require_active_user(sql::Connection& conn, std::string_view user_id);

// The open stages (DOMAIN.md §6) as the body of a SQL IN list: "'NEW_LEAD', 'CONTACTED', ...".
const std::string& open_stages_in_list();

}  // namespace crm::company_repo
