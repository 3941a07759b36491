#include "core/util/validate.hpp"

#include "core/security/password.hpp"
#include "core/util/phone.hpp"
#include "core/util/text.hpp"
#include "crm/error.hpp"

namespace crm::validate {

std::string required(std::string_view field, const std::optional<std::string>& value) {
  std::string v = value ? text::trim(*value) : "";
  if (v.empty()) throw Error::invalid(std::string(field) + " is required");
  return v;
}

std::optional<std::string> optional_trimmed(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  std::string v = text::trim(*value);
  if (v.empty()) return std::nullopt;
  return v;
}

std::string email(std::string_view field, std::string_view value) {
  std::string v = text::normalize_email(value);
  if (!text::looks_like_email(v)) throw Error::invalid(std::string(field) + " must be a valid email");
  return v;
}

void password(std::string_view field, std::string_view value) {
  if (value.size() < password::kMinLength)
    throw Error::invalid(std::string(field) + " must be at least 8 characters");
}

std::string phone_e164(std::string_view field, std::string_view value) {
  auto e164 = phone::to_e164(value);
  if (!e164) throw Error::invalid(std::string(field) + " must be a valid phone number");
  return *e164;
}

}  // namespace crm::validate
