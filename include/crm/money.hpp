#pragma once
// Money is int64 cents inside the engine; dollars with at most two decimals at the edges.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm {

using Cents = std::int64_t;

// The outcome of reading an amount in dollars.
struct MoneyParse {
  enum class Status { kOk, kNotANumber, kOutOfRange };
  Status status = Status::kNotANumber;
  Cents cents = 0;  // when kOk
};

// Reads a decimal number in dollars ("199.99", "-3", "+0.5", ".5", "1e2", "1e-300": JSON's
// number grammar, plus a leading '+' and a bare leading or trailing '.') into cents, rounding
// half away from zero past the second decimal. kOutOfRange when the cents do not fit an
// int64 (whatever the number of digits or the exponent); kNotANumber for any other text.
// Domain bounds (validate.hpp) are the caller's business.
MoneyParse read_money(std::string_view text);

// Reads a JSON number through its shortest decimal representation, so that 1.005 rounds to
// 1.01 as a person reading it would expect. kOutOfRange for infinities (1e400 read by a JSON
// parser), kNotANumber for NaN.
MoneyParse read_money(double dollars);

// read_money(text) when kOk, else nullopt.
std::optional<Cents> parse_money(std::string_view text);
// read_money(dollars) when kOk, else nullopt.
std::optional<Cents> money_from_double(double dollars);

// "199.99", "200", "-0.5": the shortest decimal form of the amount in dollars.
std::string format_money(Cents cents);

// round(value * numerator / denominator), half away from zero, without overflow for
// realistic CRM amounts (uses 128-bit intermediates).
Cents mul_div_round(Cents value, std::int64_t numerator, std::int64_t denominator);

}  // namespace crm
