#include "core/storage/money_sum.hpp"

#include <limits>

namespace crm::storage {
namespace {

__extension__ typedef __int128 Int128;  // a GCC/Clang extension, hence the marker

constexpr std::string_view kSplit = "1000000000";
constexpr Int128 kSplitValue = 1'000'000'000;

Cents saturate(Int128 v) {
  constexpr Int128 kMax = std::numeric_limits<Cents>::max();
  constexpr Int128 kMin = std::numeric_limits<Cents>::min();
  return static_cast<Cents>(v > kMax ? kMax : v < kMin ? kMin : v);
}

std::string part(std::string_view expr, std::string_view op) {
  return "COALESCE(SUM((" + std::string(expr) + ") " + std::string(op) + " " + std::string(kSplit) +
         "), 0)";
}

}  // namespace

std::string money_sum_columns(std::string_view expr, std::string_view alias) {
  const std::string a(alias);
  return part(expr, "/") + " AS " + a + "_hi, " + part(expr, "%") + " AS " + a + "_lo";
}

std::string money_sum_subqueries(std::string_view expr, std::string_view from_where,
                                 std::string_view alias) {
  const std::string a(alias), fw(from_where);
  return "(SELECT " + part(expr, "/") + " " + fw + ") AS " + a + "_hi, (SELECT " + part(expr, "%") +
         " " + fw + ") AS " + a + "_lo";
}

Cents read_money_sum(const sql::Row& row, std::string_view alias) {
  const std::string a(alias);
  return combine_money_parts(row.integer(a + "_hi"), row.integer(a + "_lo"));
}

// Integer division and remainder truncate toward zero on both engines, so hi * 10^9 + lo is the
// exact sum, negative amounts included.
Cents combine_money_parts(std::int64_t hi, std::int64_t lo) {
  return saturate(static_cast<Int128>(hi) * kSplitValue + lo);
}

Cents saturating_add(Cents a, Cents b) { return saturate(static_cast<Int128>(a) + b); }
Cents saturating_sub(Cents a, Cents b) { return saturate(static_cast<Int128>(a) - b); }

}  // namespace crm::storage
