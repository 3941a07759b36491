#pragma once
// Phone numbers to E.164 through libphonenumber.

#include <optional>
#include <string>
#include <string_view>

namespace crm::phone {

// "+15551234567" for anything libphonenumber can parse as a possible number, reading numbers
// without a country code as `default_region` (ISO 3166 alpha-2). nullopt otherwise.
std::optional<std::string> to_e164(std::string_view raw, const char* default_region = "US");

}  // namespace crm::phone
