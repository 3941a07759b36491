#pragma once
// Identifiers and random secrets (OpenSSL's CSPRNG).

#include <cstddef>
#include <string>

#include "crm/time.hpp"

namespace crm::ids {

// 26 characters of lower-case Crockford base32: 48 bits of creation time (ms), then 80 random
// bits. URL-safe, sortable by creation, unique across servers sharing one database.
std::string new_id(TimeMs now);

// `bytes` random bytes, base64url without padding (payment tokens, CSRF states).
std::string random_token(std::size_t bytes);

// A password of `length` characters from letters and digits (no look-alikes).
std::string random_password(std::size_t length);

void random_bytes(unsigned char* out, std::size_t n);

}  // namespace crm::ids
