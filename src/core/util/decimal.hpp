#pragma once
// Exact fixed-point numbers for quantities (thousandths of a unit) and tax rates (thousandths of
// a percent): "1.5" at 3 decimals is 1500. Unlike money (crm/money.hpp) nothing is rounded: a
// value with more significant decimals than the scale is rejected, so what is stored is exactly
// what was asked for.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::decimal {

// "12", "-1.5", "0.125", "+3." -> value x 10^decimals. nullopt for anything else (exponents,
// blanks, more than `decimals` significant decimals, overflow). REQUIRES: 0 <= decimals <= 9.
std::optional<std::int64_t> parse_fixed(std::string_view text, int decimals);

// A JSON number through its shortest decimal form (0.1 -> "0.1"), then parse_fixed.
std::optional<std::int64_t> fixed_from_double(double value, int decimals);

// The shortest decimal text of value / 10^decimals: 1500 at 3 -> "1.5", 2000 -> "2".
std::string format_fixed(std::int64_t value, int decimals);

}  // namespace crm::decimal
