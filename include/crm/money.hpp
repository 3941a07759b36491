#pragma once
// Money is int64 cents inside the engine; dollars with at most two decimals at the edges.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm {

using Cents = std::int64_t;

// Parses a decimal string ("199.99", "-3", "1e2" is rejected) into cents, rounding half away
// from zero past the second decimal. nullopt when the text is not a plain decimal number.
std::optional<Cents> parse_money(std::string_view text);

// Converts a JSON number to cents through its shortest decimal representation, so that
// 1.005 rounds to 1.01 as a person reading it would expect. nullopt on NaN/inf/overflow.
std::optional<Cents> money_from_double(double dollars);

// "199.99", "200", "-0.5": the shortest decimal form of the amount in dollars.
std::string format_money(Cents cents);

// round(value * numerator / denominator), half away from zero, without overflow for
// realistic CRM amounts (uses 128-bit intermediates).
Cents mul_div_round(Cents value, std::int64_t numerator, std::int64_t denominator);

}  // namespace crm
