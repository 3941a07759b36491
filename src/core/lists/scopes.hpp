#pragma once
// The visibility scopes of migration 8 an actor sees (DOMAIN.md §3): rows carry the rep who sees
// them through their company ('' = everyone), so "visible" is "scope in this set", which lists
// serve from an index and count from list_counts.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"
#include "crm/user.hpp"

namespace crm::lists {

// nullopt: every scope (an admin). A scope of nullopt means "the column is NULL" (companies
// keep the pool as a NULL assigned_rep_id rather than '').
using Scopes = std::optional<std::vector<std::optional<std::string>>>;

// Leads and activities of records: the rep's own and the shared ones ('').
Scopes record_scopes(const Actor& actor);
// Companies by assigned_rep_id: the rep's own and the unassigned (NULL).
Scopes company_scopes(const Actor& actor);
// Activities: record_scopes plus the rep's own events of no record ("user:<id>").
Scopes activity_scopes(const Actor& actor);

// The scope as list_counts stores it (NULL as '').
std::string count_key(const std::optional<std::string>& scope);

// "COALESCE(<column>, '') IN (?, ...)" for `scopes`, appending its parameters; "1 = 1" for
// every scope. Written so that no index on the column can serve it: it filters rows that
// another condition finds (a search, one record's timeline, a date range), which would
// otherwise lose to a walk over every row of the rep's scope. Pages of whole scopes are
// index ranges instead (page_ids.hpp).
std::string scope_condition(std::string_view column, const Scopes& scopes,
                            std::vector<sql::Value>& params);

}  // namespace crm::lists
