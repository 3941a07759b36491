#include "core/contacts/contact_fields.hpp"

#include "core/util/text.hpp"
#include "core/util/validate.hpp"

namespace crm::contact_fields {

std::optional<Email> email(const std::optional<std::string>& raw) {
  auto v = validate::text(validate::email_field("email"), raw);
  if (!v) return std::nullopt;
  std::string normalized = text::lower(*v);
  return Email{std::move(*v), std::move(normalized)};
}

std::optional<Phone> phone(const std::optional<std::string>& raw) {
  auto v = validate::text(validate::phone_field("phone"), raw);
  if (!v) return std::nullopt;
  std::string e164 = validate::phone_e164("phone", *v);
  std::string digits = text::digits(*v);
  return Phone{std::move(*v), std::move(e164), std::move(digits)};
}

std::string full_name(std::string_view first, std::string_view last) {
  return text::trim(text::trim(first) + " " + text::trim(last));
}

}  // namespace crm::contact_fields
