#pragma once
// Base64 (RFC 4648 §4) and base64url without padding (§5).

#include <optional>
#include <string>
#include <string_view>

namespace crm {

std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);
// Decodes either alphabet, with or without padding. nullopt on invalid input.
std::optional<std::string> base64_decode(std::string_view text);
// Decodes base64url exactly as RFC 7515 writes it: the URL alphabet, no padding, and unused
// trailing bits zero, so each byte string has one accepted encoding. nullopt otherwise.
std::optional<std::string> base64url_decode_strict(std::string_view text);

}  // namespace crm
