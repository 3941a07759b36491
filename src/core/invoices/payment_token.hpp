#pragma once
// Payment tokens: 32 random bytes, base64url (DOMAIN.md §11). The database indexes the
// SHA-256 of each token, so a public look-up never walks an index keyed by the token itself,
// and the stored token is compared in constant time: the time a guess takes does not depend on
// how much of it was right.

#include <string>
#include <string_view>

namespace crm::payment_token {

std::string generate();
// Lower-case hex SHA-256 of the token's bytes.
std::string hash(std::string_view token);
// Constant time in the contents (and, for equal sizes, independent of where they differ).
bool equals(std::string_view a, std::string_view b);

}  // namespace crm::payment_token
