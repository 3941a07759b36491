#include "crm/money.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace crm {

std::optional<Cents> parse_money(std::string_view s) {
  bool negative = false;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  __int128 whole = 0;
  int int_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++int_digits) {
    whole = whole * 10 + (s[i] - '0');
    if (whole > std::numeric_limits<Cents>::max() / 100) return std::nullopt;
  }
  int frac = 0, frac_digits = 0;
  bool round_up = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits < 2) frac = frac * 10 + (s[i] - '0');
      else if (frac_digits == 2) round_up = s[i] >= '5';  // half away from zero
    }
  }
  if (i != s.size() || (int_digits == 0 && frac_digits == 0)) return std::nullopt;
  if (frac_digits == 1) frac *= 10;
  Cents cents = static_cast<Cents>(whole * 100 + frac + (round_up ? 1 : 0));
  return negative ? -cents : cents;
}

std::optional<Cents> money_from_double(double dollars) {
  if (!std::isfinite(dollars) || std::fabs(dollars) > 9e13) return std::nullopt;
  char buf[64];
  // Fixed notation with enough digits to carry the shortest round-trip value.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, dollars, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return parse_money(std::string_view(buf, end - buf));
}

std::string format_money(Cents cents) {
  const bool negative = cents < 0;
  const unsigned long long abs = negative ? 0ULL - static_cast<unsigned long long>(cents)
                                          : static_cast<unsigned long long>(cents);
  std::string out = negative ? "-" : "";
  out += std::to_string(abs / 100);
  const unsigned rest = abs % 100;
  if (rest != 0) {
    out += '.';
    out += char('0' + rest / 10);
    if (rest % 10) out += char('0' + rest % 10);
  }
  return out;
}

Cents mul_div_round(Cents value, std::int64_t numerator, std::int64_t denominator) {
  const __int128 product = static_cast<__int128>(value) * numerator;
  const __int128 half = denominator / 2;
  const __int128 q = product >= 0 ? (product + half) / denominator : (product - half) / denominator;
  return static_cast<Cents>(q);
}

}  // namespace crm
