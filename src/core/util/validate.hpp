#pragma once
// Input checks shared by services; each throws Error(kInvalidArgument) naming the field.

#include <optional>
#include <string>
#include <string_view>

namespace crm::validate {

// The trimmed value; "<field> is required" when absent or blank.
std::string required(std::string_view field, const std::optional<std::string>& value);
// The trimmed value, or nullopt when absent or blank.
std::optional<std::string> optional_trimmed(const std::optional<std::string>& value);
// A normalized email; "<field> must be a valid email" otherwise.
std::string email(std::string_view field, std::string_view value);
// "<field> must be at least 8 characters".
void password(std::string_view field, std::string_view value);
// The E.164 form; "<field> must be a valid phone number" otherwise.
std::string phone_e164(std::string_view field, std::string_view value);

}  // namespace crm::validate
