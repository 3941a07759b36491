#pragma once
// ingestLead (DOMAIN.md §15): THE merge routine of every lead that arrives from outside (CSV and
// JSON imports, and the webhooks of later integrations).
//
//   company  matched by Google place id, then website domain, then E.164 phone, then name + zip;
//            else the matched contact's company; else created (when the row names one)
//   contact  matched by email, then E.164 phone; else created
//   lead     the contact's newest open lead is merged; else a lead is created
//   merge    fills blank fields and never overwrites one
//
// Result: created (a new lead), merged (blanks filled), skipped (a duplicate with nothing new, a
// do-not-contact contact, an empty row, no email or phone) or error (a field that does not
// validate). A skipped or error row writes nothing.

#include <optional>
#include <string>

#include "core/ingest/lead_normalize.hpp"
#include "crm/imports.hpp"
#include "crm/ports/sql.hpp"
#include "crm/user.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::ingest {

// Merges one normalized lead. Serializes with every other ingest through a named lock (so two
// servers importing the same business do not both create it) and row-locks what it merges.
// Throws only what the database throws; the caller's transaction is then unusable.
// REQUIRES: `conn` is in a write transaction; `actor` may see every company (an admin).
RowResult merge(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
                const Normalized& lead);

// normalize() then merge(): the whole routine for one incoming lead.
RowResult ingest_lead(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
                      const LeadInput& input, const Defaults& defaults);

}  // namespace crm::ingest
