#include "crm/money.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace crm {
namespace {

__extension__ typedef __int128 Int128;  // a GCC/Clang extension, hence the marker

// Significant digits kept: enough for any amount that fits int64 cents plus its rounding digit;
// further digits cannot change the result.
constexpr std::size_t kMaxDigits = 40;
// Exponents are clamped here: past it a non-zero number is out of range or rounds to zero.
constexpr long kMaxExponent = 100'000;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

MoneyParse read_money(std::string_view s) {
  using Status = MoneyParse::Status;
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';

  // The value is 0.<digits> x 10^point, leading zeros dropped.
  std::string digits;
  long point = 0;
  std::size_t int_digits = 0, frac_digits = 0;
  const auto keep = [&](char c) {
    if (digits.size() < kMaxDigits) digits += c;
  };
  for (; i < s.size() && is_digit(s[i]); ++i, ++int_digits) {
    if (digits.empty() && s[i] == '0') continue;
    keep(s[i]);
    if (point < kMaxExponent) ++point;
  }
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && is_digit(s[i]); ++i, ++frac_digits) {
      if (digits.empty() && s[i] == '0') {
        if (point > -kMaxExponent) --point;
        continue;
      }
      keep(s[i]);
    }
  }
  if (int_digits + frac_digits == 0) return {};
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative_exponent = s[i++] == '-';
    if (i == s.size() || !is_digit(s[i])) return {};
    long exponent = 0;
    for (; i < s.size() && is_digit(s[i]); ++i)
      exponent = std::min(exponent * 10 + (s[i] - '0'), kMaxExponent);
    point += negative_exponent ? -exponent : exponent;
  }
  if (i != s.size()) return {};
  if (digits.empty()) return {Status::kOk, 0};

  // Cents are the digits down to place 10^-2, i.e. indexes [0, point + 2); the next one rounds.
  constexpr Int128 kLimit = std::numeric_limits<Cents>::max();
  Int128 cents = 0;
  for (long k = 0; k < point + 2; ++k) {
    cents = cents * 10 + (k < static_cast<long>(digits.size()) ? digits[k] - '0' : 0);
    if (cents > kLimit) return {Status::kOutOfRange, 0};
  }
  const long rounding = point + 2;
  if (rounding >= 0 && rounding < static_cast<long>(digits.size()) && digits[rounding] >= '5')
    ++cents;  // half away from zero: the magnitude rounds up, the sign follows
  if (cents > kLimit) return {Status::kOutOfRange, 0};
  return {Status::kOk, static_cast<Cents>(negative ? -cents : cents)};
}

MoneyParse read_money(double dollars) {
  if (std::isnan(dollars)) return {};
  // What a JSON parser makes of 1e400.
  if (std::isinf(dollars)) return {MoneyParse::Status::kOutOfRange, 0};
  char buf[64];
  // The shortest text that reads back as the same double ("1.005", "1e-300", "9.2e+18").
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, dollars);
  if (ec != std::errc()) return {};
  return read_money(std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

std::optional<Cents> parse_money(std::string_view text) {
  const MoneyParse p = read_money(text);
  if (p.status != MoneyParse::Status::kOk) return std::nullopt;
  return p.cents;
}

std::optional<Cents> money_from_double(double dollars) {
  const MoneyParse p = read_money(dollars);
  if (p.status != MoneyParse::Status::kOk) return std::nullopt;
  return p.cents;
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
  const Int128 product = static_cast<Int128>(value) * numerator;
  const Int128 half = denominator / 2;
  const Int128 q = product >= 0 ? (product + half) / denominator : (product - half) / denominator;
  return static_cast<Cents>(q);
}

}  // namespace crm
