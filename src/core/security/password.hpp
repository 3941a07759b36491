#pragma once
// bcrypt password hashes through libxcrypt: new hashes are $2b$; $2a$/$2b$/$2y$ hashes from
// the previous (bcryptjs) system verify unchanged.

#include <string>
#include <string_view>

namespace crm::password {

// REQUIRES: 4 <= cost <= 31. Throws crm::Error(kInternal) if libxcrypt fails.
std::string hash(std::string_view password, int cost);

// Constant-time comparison of the recomputed hash. False for malformed hashes.
bool verify(std::string_view password, std::string_view stored_hash);

inline constexpr std::size_t kMinLength = 8;

}  // namespace crm::password
