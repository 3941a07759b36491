#pragma once
// Minting session tokens: HS256 JWT { userId, email, role, iat, exp, tv }, 7-day expiry.
// `tv` is the user's token version (User::token_version); bumping it revokes the token.

#include <string>

#include "crm/user.hpp"

namespace crm {
namespace detail {
struct Runtime;
}

namespace session_token {

inline constexpr TimeMs kLifetime = 7 * kDayMs;

std::string issue(const detail::Runtime& rt, const User& user);

}  // namespace session_token
}  // namespace crm
