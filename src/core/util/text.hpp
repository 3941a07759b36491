#pragma once
// Small string rules shared by every service.

#include <string>
#include <string_view>

namespace crm::text {

std::string trim(std::string_view s);
std::string lower(std::string_view s);
// Trimmed and lower-cased: the stored form of emails.
std::string normalize_email(std::string_view s);
// Only the ASCII digits of s ("(555) 123-4567" -> "5551234567").
std::string digits(std::string_view s);
// A minimal shape check: one '@', something before it, a dot after it, no spaces.
bool looks_like_email(std::string_view s);
// Escapes %, _ and \ for a LIKE pattern used with ESCAPE '\'.
std::string like_escape(std::string_view s);
// "%<escaped lower-cased s>%"
std::string contains_pattern(std::string_view s);

}  // namespace crm::text
