#pragma once
// Totals of lists read from list_counts (migration 8), which triggers maintain in the writing
// transaction: a total costs a few rows whatever the table holds.
//
// Lists: "leads" (bucket: stage), "companies" (bucket: status), "activities" (bucket: type),
// "pipeline" (bucket: stage; leads on the board, with their estimated revenue), "payments"
// (bucket: the UTC month "YYYY-MM" received; scope: the rep of the invoice's company).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/lists/scopes.hpp"
#include "crm/money.hpp"
#include "crm/ports/sql.hpp"

namespace crm::lists {

struct BucketTotal {
  std::int64_t count = 0;
  Cents revenue = 0;
};

// Rows of `list` in `scopes`, in `bucket` when given.
std::int64_t total(sql::Connection& conn, std::string_view list, const Scopes& scopes,
                   const std::optional<std::string>& bucket = std::nullopt);

// Rows of `list` in `scopes` and `bucket`, and their revenue.
BucketTotal bucket_total(sql::Connection& conn, std::string_view list, const Scopes& scopes,
                         const std::string& bucket);

// Per bucket: rows of `list` in `scopes` and their revenue.
std::map<std::string, BucketTotal> totals_by_bucket(sql::Connection& conn, std::string_view list,
                                                    const Scopes& scopes);

}  // namespace crm::lists
