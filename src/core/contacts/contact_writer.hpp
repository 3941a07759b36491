#pragma once
// Creating and updating contacts inside a caller's write transaction. Shared by ContactService
// and the nested `contact` of a lead update.

#include <optional>
#include <string>

#include "crm/contacts.hpp"
#include "crm/ports/sql.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::contact_writer {

// Email or phone required; the company (if any) must be visible to `actor`; the normalized
// email must be free (kConflict with existingContactId/existingCompanyId). Logs contact_added
// when linked to a company.
// REQUIRES: `conn` is in a write transaction.
Contact insert(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
               const ContactInput& input);

// Inserts `c` as the caller built it (fields normalized, id and times set, company visible),
// with `phone_digits` for search. kConflict with existingContactId/existingCompanyId when its
// email is taken. Logs contact_added when linked to a company.
// REQUIRES: `conn` is in a write transaction.
void insert_row(sql::Connection& conn, const detail::Runtime& rt,
                const std::optional<std::string>& actor_user_id, const Contact& c,
                const std::optional<std::string>& phone_digits);

// Applies the fields present in `input` to `current` (which the caller has checked `actor` may
// see): recomputes fullName, emailNormalized, phoneE164 and the phone digits; a changed email or
// phone resets its verification; the contact must keep an email or a phone. Refreshes the fit
// score of the contact's leads. A new company must be visible to `actor` (kNotFound) and agree
// with the company of every lead of the contact that has one (kInvalidArgument); the contact's
// leads without a company join it (the caller invalidates the dashboard).
// REQUIRES: `conn` is in a write transaction.
Contact update(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
               const Contact& current, const ContactInput& input);

}  // namespace crm::contact_writer
