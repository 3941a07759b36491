#pragma once
// Substring search of contacts and companies through an index built for it (DOMAIN.md §19):
// SQLite's FTS5 trigram tables (contacts_search, companies_search, migration 8), PostgreSQL's
// pg_trgm GIN indexes under the same LIKE conditions a scan would use. Matches are those of a
// case-insensitive substring scan: a contact's name or email, a company's name, and phone
// digits when asked for. Terms too short for trigrams (under 3 characters) are scanned. On
// SQLite the index is asked for a term's first 16 characters at most; the rows it finds for a
// longer term are checked against the whole term with the scan's condition.

#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::lists {

// A condition on the row of `contacts ct` that its name or email contains `term` or, when the
// term reads as a phone number (digits and phone punctuation), that its phone digits contain
// the term's digits; appends its parameters. REQUIRES: `term` trimmed, not empty.
std::string contact_match_condition(sql::Connection& conn, std::string_view term,
                                    std::vector<sql::Value>& params);

// A condition on the row of `companies c` that its name contains `term` or, with `by_phone`
// and at least 3 digits in the term, that its phone digits contain them; appends its
// parameters.
std::string company_match_condition(sql::Connection& conn, std::string_view term, bool by_phone,
                                    std::vector<sql::Value>& params);

}  // namespace crm::lists
