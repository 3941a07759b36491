#pragma once
// The one place where input values are checked (DOMAIN.md §1, docs/decisions.md "Input
// limits"). Services declare each field they store once, as a TextField / MoneyField /
// CountField with its wire name and limit, and pass values through the functions below; they
// do not check lengths, characters or ranges themselves. Every failure throws
// Error(kInvalidArgument) with a message that names the field and says what is wrong.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crm/money.hpp"
#include "crm/patch.hpp"

namespace crm::validate {

// ---- limits ----
inline constexpr std::size_t kLineMaxChars = 255;
inline constexpr std::size_t kEmailMaxChars = 254;  // RFC 5321 path limit
inline constexpr std::size_t kPhoneMaxChars = 32;   // as typed, punctuation included
inline constexpr std::size_t kUrlMaxChars = 2048;
inline constexpr std::size_t kMultiLineMaxChars = 65536;
inline constexpr Cents kMaxMoneyCents = 99'999'999'999'999;  // $999,999,999,999.99
inline constexpr std::int64_t kMaxCount = 1'000'000;

// ---- field declarations ----
enum class TextKind {
  kLine,       // one line: no control characters at all
  kMultiLine,  // notes, bodies, descriptions, templates: tab, LF and CR LF allowed
  kEmail,      // one line, and shaped like an email
  kPhone,      // one line, as typed
  kUrl,        // http/https only; a bare domain gets "https://"
  kSecret,     // one line, never trimmed (passwords of integrations)
};

struct TextField {
  std::string_view name;  // as on the wire: "firstName"
  TextKind kind = TextKind::kLine;
  std::size_t max_chars = kLineMaxChars;  // Unicode code points
};

constexpr TextField line_field(std::string_view name) {
  return {name, TextKind::kLine, kLineMaxChars};
}
constexpr TextField multi_line_field(std::string_view name) {
  return {name, TextKind::kMultiLine, kMultiLineMaxChars};
}
constexpr TextField email_field(std::string_view name) {
  return {name, TextKind::kEmail, kEmailMaxChars};
}
constexpr TextField phone_field(std::string_view name) {
  return {name, TextKind::kPhone, kPhoneMaxChars};
}
constexpr TextField url_field(std::string_view name) {
  return {name, TextKind::kUrl, kUrlMaxChars};
}
constexpr TextField secret_field(std::string_view name) {
  return {name, TextKind::kSecret, kLineMaxChars};
}

// An amount in cents; negative only where the reference gives the field a meaning for it.
struct MoneyField {
  std::string_view name;
  Cents min = 0;
  Cents max = kMaxMoneyCents;
};

// A whole number of things (units, quantities).
struct CountField {
  std::string_view name;
  std::int64_t min = 0;
  std::int64_t max = kMaxCount;
};

// ---- text ----
// The value to store: trimmed (a secret as given), a URL normalized; nullopt when absent or
// blank. Refuses invalid UTF-8, control characters (tab and newlines only in multi-line text),
// bidi controls, more than max_chars characters, a malformed email, a non-http(s) URL.
std::optional<std::string> text(const TextField& field, const std::optional<std::string>& raw);
// As text(), "<name> is required" when absent or blank.
std::string required(const TextField& field, const std::optional<std::string>& raw);
// A partial-update field: absent stays absent; null or blank clears; a value is text().
Nullable<std::string> patch(const TextField& field, const Nullable<std::string>& raw);
// patch() applied to the stored value `current`: absent keeps it.
void apply(const TextField& field, const Nullable<std::string>& raw,
           std::optional<std::string>& current);

// The characters of a value that is not stored but reaches SQL as text (a path parameter, a
// query value): valid UTF-8 without control or bidi characters. PostgreSQL refuses invalid
// UTF-8 and cuts text at NUL.
void characters(std::string_view field, std::string_view value);

// A normalized (trimmed, lower-cased) email of at most 254 characters; "<field> must be a
// valid email" for anything else.
std::string email(std::string_view field, std::string_view value);
// The E.164 form of a phone number typed in at most 32 characters; "<field> must be a valid
// phone number" otherwise.
std::string phone_e164(std::string_view field, std::string_view value);
// A new password: 8 to 1,024 characters, no NUL or other control characters.
void password(std::string_view field, std::string_view value);

// ---- numbers ----
// "<name> is out of range (<min> to <max>)" unless min <= value <= max.
Cents money(const MoneyField& field, Cents value);
std::optional<Cents> money(const MoneyField& field, const std::optional<Cents>& value);
Nullable<Cents> money(const MoneyField& field, const Nullable<Cents>& value);
std::int64_t count(const CountField& field, std::int64_t value);
std::optional<std::int64_t> count(const CountField& field,
                                  const std::optional<std::int64_t>& value);
Nullable<std::int64_t> count(const CountField& field, const Nullable<std::int64_t>& value);

// For decoders that meet a number too large to represent at all: "<field> is out of range".
[[noreturn]] void throw_out_of_range(std::string_view field);

// ---- compatibility ----
// A required single-line field: required(line_field(field), value).
std::string required(std::string_view field, const std::optional<std::string>& value);
// Trimming only, no checks: for ids and search terms, never for text that is stored.
std::optional<std::string> optional_trimmed(const std::optional<std::string>& value);

}  // namespace crm::validate
