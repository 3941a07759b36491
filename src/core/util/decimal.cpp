#include "core/util/decimal.hpp"

#include <charconv>
#include <cmath>
#include <limits>

namespace crm::decimal {
namespace {

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

}  // namespace

std::optional<std::int64_t> parse_fixed(std::string_view s, int decimals) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  const std::int64_t scale = pow10(decimals);
  const std::int64_t limit = std::numeric_limits<std::int64_t>::max() / scale - 1;
  std::int64_t whole = 0;
  int int_digits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++int_digits) {
    whole = whole * 10 + (s[i] - '0');
    if (whole > limit) return std::nullopt;
  }
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits < decimals)
        frac = frac * 10 + (s[i] - '0');
      else if (s[i] != '0')
        return std::nullopt;  // more precision than the scale holds
    }
  }
  if (i != s.size() || (int_digits == 0 && frac_digits == 0)) return std::nullopt;
  for (int d = frac_digits; d < decimals; ++d) frac *= 10;
  const std::int64_t value = whole * scale + frac;
  return negative ? -value : value;
}

std::optional<std::int64_t> fixed_from_double(double value, int decimals) {
  if (!std::isfinite(value) || std::fabs(value) > 9e12) return std::nullopt;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return parse_fixed(std::string_view(buf, end - buf), decimals);
}

std::string format_fixed(std::int64_t value, int decimals) {
  const bool negative = value < 0;
  const unsigned long long abs = negative ? 0ULL - static_cast<unsigned long long>(value)
                                          : static_cast<unsigned long long>(value);
  const auto scale = static_cast<unsigned long long>(pow10(decimals));
  std::string out = negative ? "-" : "";
  out += std::to_string(abs / scale);
  unsigned long long rest = abs % scale;
  if (rest != 0) {
    std::string frac = std::to_string(rest);
    frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
    while (frac.back() == '0') frac.pop_back();
    out += '.' + frac;
  }
  return out;
}

}  // namespace crm::decimal
