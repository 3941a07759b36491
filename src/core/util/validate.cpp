#include "core/util/validate.hpp"

#include "core/security/password.hpp"
#include "core/util/phone.hpp"
#include "core/util/text.hpp"
#include "core/util/text_rules.hpp"
#include "core/util/url_rule.hpp"
#include "crm/error.hpp"

namespace crm::validate {
namespace {

[[noreturn]] void fail(std::string_view field, std::string_view what) {
  throw Error::invalid(std::string(field) + " " + std::string(what));
}

void check_characters(std::string_view field, std::string_view value, bool multi_line) {
  switch (text_rules::check(value, multi_line)) {
    case text_rules::Problem::kNone:
      break;
    case text_rules::Problem::kInvalidUtf8:
      fail(field, "is not valid UTF-8");
    case text_rules::Problem::kControl:
      fail(field, "must not contain control characters");
    case text_rules::Problem::kBidiControl:
      fail(field, "must not contain bidirectional control characters");
  }
}

// Characters, encoding and length of `value` as the field's kind allows them.
void check_text(const TextField& f, std::string_view value) {
  // A cheap bound first: a character is at most 4 bytes.
  if (value.size() > 4 * f.max_chars)
    fail(f.name, "is too long (at most " + std::to_string(f.max_chars) + " characters)");
  check_characters(f.name, value, f.kind == TextKind::kMultiLine);
  if (text_rules::count_chars(value) > f.max_chars)
    fail(f.name, "is too long (at most " + std::to_string(f.max_chars) + " characters)");
}

std::string range_text(Cents min, Cents max, bool money) {
  return money ? format_money(min) + " to " + format_money(max)
               : std::to_string(min) + " to " + std::to_string(max);
}

template <class T>
T in_range(std::string_view name, T value, T min, T max, bool money) {
  if (value < min || value > max)
    fail(name, "is out of range (" + range_text(min, max, money) + ")");
  return value;
}

}  // namespace

std::optional<std::string> text(const TextField& f, const std::optional<std::string>& raw) {
  if (!raw) return std::nullopt;
  std::string v = f.kind == TextKind::kSecret ? *raw : text::trim(*raw);
  if (v.empty()) return std::nullopt;
  check_text(f, v);
  if (f.kind == TextKind::kEmail && !text::looks_like_email(v))
    fail(f.name, "must be a valid email");
  if (f.kind == TextKind::kUrl) {
    auto url = url_rule::normalize_web_url(v);
    if (!url) fail(f.name, "must be an http or https URL");
    if (url->size() > f.max_chars)
      fail(f.name, "is too long (at most " + std::to_string(f.max_chars) + " characters)");
    return url;
  }
  return v;
}

std::string required(const TextField& f, const std::optional<std::string>& raw) {
  auto v = text(f, raw);
  if (!v) fail(f.name, "is required");
  return std::move(*v);
}

Nullable<std::string> patch(const TextField& f, const Nullable<std::string>& raw) {
  if (!raw) return std::nullopt;
  return text(f, *raw);
}

void characters(std::string_view field, std::string_view value) {
  check_characters(field, value, false);
}

void apply(const TextField& f, const Nullable<std::string>& raw,
           std::optional<std::string>& current) {
  if (auto v = patch(f, raw)) current = std::move(*v);
}

std::string email(std::string_view field, std::string_view value) {
  const auto checked = text(email_field(field), std::string(value));
  if (!checked) fail(field, "must be a valid email");
  return text::lower(*checked);
}

std::string phone_e164(std::string_view field, std::string_view value) {
  const auto checked = text(phone_field(field), std::string(value));
  auto e164 = checked ? phone::to_e164(*checked) : std::nullopt;
  if (!e164) fail(field, "must be a valid phone number");
  return *e164;
}

void password(std::string_view field, std::string_view value) {
  constexpr std::size_t kMaxPasswordChars = 1024;
  if (value.size() < password::kMinLength) fail(field, "must be at least 8 characters");
  // No trimming: spaces are part of a password. NUL would end it early for bcrypt.
  check_text({field, TextKind::kSecret, kMaxPasswordChars}, value);
}

Cents money(const MoneyField& f, Cents value) {
  return in_range(f.name, value, f.min, f.max, true);
}

std::optional<Cents> money(const MoneyField& f, const std::optional<Cents>& value) {
  if (value) money(f, *value);
  return value;
}

Nullable<Cents> money(const MoneyField& f, const Nullable<Cents>& value) {
  if (value) money(f, *value);
  return value;
}

std::int64_t count(const CountField& f, std::int64_t value) {
  return in_range(f.name, value, f.min, f.max, false);
}

std::optional<std::int64_t> count(const CountField& f, const std::optional<std::int64_t>& value) {
  if (value) count(f, *value);
  return value;
}

Nullable<std::int64_t> count(const CountField& f, const Nullable<std::int64_t>& value) {
  if (value) count(f, *value);
  return value;
}

void throw_out_of_range(std::string_view field) { fail(field, "is out of range"); }

std::string required(std::string_view field, const std::optional<std::string>& value) {
  return required(line_field(field), value);
}

std::optional<std::string> optional_trimmed(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  std::string v = text::trim(*value);
  if (v.empty()) return std::nullopt;
  return v;
}

}  // namespace crm::validate
