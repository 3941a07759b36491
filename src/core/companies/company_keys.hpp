#pragma once
// The match keys stored beside a company's website and phone (migration 6), kept by every write
// of those fields: companies match by website domain, then E.164 phone (DOMAIN.md §15).

#include <optional>
#include <string>

#include "crm/ports/sql.hpp"

namespace crm::company_keys {

// The stored key of each field: null when the field is null, "" when it has no usable key (a
// platform website, an unreadable phone), else the key. The empty string marks the row as
// done for backfill() and never matches: lookups skip empty keys.
struct Keys {
  std::optional<std::string> website_domain;
  std::optional<std::string> phone_e164;
};
Keys compute(const std::optional<std::string>& website, const std::optional<std::string>& phone);

// Fills the keys of companies written before migration 6 (found through a partial index, so
// this is cheap once done). REQUIRES: `conn` is in a write transaction.
void backfill(sql::Connection& conn);

}  // namespace crm::company_keys
