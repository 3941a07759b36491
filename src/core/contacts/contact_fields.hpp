#pragma once
// Normalization of contact input fields (DOMAIN.md §5). Pure; each function throws
// Error(kInvalidArgument) naming the field.

#include <optional>
#include <string>
#include <string_view>

namespace crm::contact_fields {

struct Email {
  std::string email;       // trimmed, as typed
  std::string normalized;  // trimmed, lower-cased
};

struct Phone {
  std::string phone;   // trimmed, as typed
  std::string e164;    // "+15551234567" (default region US)
  std::string digits;  // digits of the typed form, for search
};

// nullopt for absent or blank input; "email must be a valid email" for a malformed one.
std::optional<Email> email(const std::optional<std::string>& raw);
// nullopt for absent or blank input; "phone must be a valid phone number" when it cannot be
// read as a phone number.
std::optional<Phone> phone(const std::optional<std::string>& raw);
// Trimmed first + " " + trimmed last, without the space when either is empty.
std::string full_name(std::string_view first, std::string_view last);

}  // namespace crm::contact_fields
