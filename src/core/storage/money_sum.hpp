#pragma once
// SUM over a money (int64 cents) column that never fails.
//
// SQLite's SUM raises "integer overflow" once a running total passes 2^63, and PostgreSQL's
// returns NUMERIC, which does not fit Cents either. A sum here is computed in two parts, the
// column divided by 10^9 and its remainder, each of which stays far below 2^63 for any number
// of rows a table can hold; the parts are recombined in 128 bits. The result is exact whenever
// the true sum fits in Cents (±92 quadrillion dollars) and saturates beyond: with money fields
// capped at $999,999,999,999.99 (validate.hpp) that takes more than 92,000 capped rows.

#include <string>
#include <string_view>

#include "crm/money.hpp"
#include "crm/ports/sql.hpp"

namespace crm::storage {

// Two select-list columns, "<alias>_hi" and "<alias>_lo", summing `expr` over the query's rows
// (or its group): "COALESCE(SUM((expr) / 1000000000), 0) AS <alias>_hi, ...".
std::string money_sum_columns(std::string_view expr, std::string_view alias);

// The same as two scalar subqueries "(SELECT ... <from_where>)", for a correlated sum in the
// select list of an outer query. `from_where` must take no parameters.
std::string money_sum_subqueries(std::string_view expr, std::string_view from_where,
                                 std::string_view alias);

// The sum read back from the columns named by `alias`, saturated to the Cents range.
Cents read_money_sum(const sql::Row& row, std::string_view alias);
// hi * 10^9 + lo, saturated to the Cents range.
Cents combine_money_parts(std::int64_t hi, std::int64_t lo);

// a + b and a - b, saturated to the Cents range (totals of sums, balances).
Cents saturating_add(Cents a, Cents b);
Cents saturating_sub(Cents a, Cents b);

}  // namespace crm::storage
