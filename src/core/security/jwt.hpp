#pragma once
// HS256 JSON Web Tokens (RFC 7519), the only algorithm the engine accepts.

#include <optional>
#include <string>
#include <string_view>

namespace crm::jwt {

// header.payload.signature with header {"alg":"HS256","typ":"JWT"}; `payload_json` is used
// verbatim as the claims set.
std::string sign_hs256(std::string_view payload_json, std::string_view secret);

// Returns the payload JSON text when the token has three parts, each strict base64url (RFC 7515:
// URL alphabet, no padding, canonical), a header whose alg is exactly "HS256", and a valid
// signature (compared in constant time). Claims are not checked here.
std::optional<std::string> verify_hs256(std::string_view token, std::string_view secret);

}  // namespace crm::jwt
