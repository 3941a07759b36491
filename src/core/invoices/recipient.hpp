#pragma once
// Who receives a sent invoice (DOMAIN.md §11). Pure.

#include <optional>
#include <string>
#include <vector>

namespace crm::recipient {

struct Candidates {
  std::optional<std::string> lead_contact_email;     // the invoice lead's contact
  std::vector<std::string> company_contact_emails;   // every contact of the company
  std::optional<std::string> primary_contact_email;  // the company's earliest-created contact
};

// `requested` when given: it must be the lead contact's email or a company contact's email
// (compared trimmed and case-insensitively), else kInvalidArgument naming recipientEmail.
// Otherwise the lead's contact email, else the primary contact's email, else kInvalidArgument.
// Returns the normalized (trimmed, lower-case) address.
std::string resolve(const std::optional<std::string>& requested, const Candidates& candidates);

}  // namespace crm::recipient
