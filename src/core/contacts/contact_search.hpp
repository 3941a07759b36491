#pragma once
// The contact part of list searches (contacts and leads): name, email, or phone digits.

#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::contact_search {

// "lower(<a>.full_name) LIKE ? ESCAPE '\' OR <a>.email_normalized LIKE ? ... [OR <a>.phone_digits
// LIKE ?]" (no surrounding parentheses) for the trimmed, non-empty `term`, appending its params.
// The phone clause is added only when the term reads as a phone number (digits and phone
// punctuation), so that "Suite 5" does not match every phone containing a 5.
std::string condition(std::string_view alias, std::string_view term, std::vector<sql::Value>& params);

}  // namespace crm::contact_search
