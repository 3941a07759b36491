#pragma once
// Rows of the users, email_accounts and sms_gateways tables.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"
#include "crm/user.hpp"

namespace crm::user_repo {

// Columns for `row_to_user`, prefixed by `u.`.
inline constexpr std::string_view kUserColumns =
    "u.id, u.email, u.first_name, u.last_name, u.phone, u.role, u.is_active, u.last_login_at, "
    "u.invited_by_id, u.invited_at, u.created_at, u.updated_at, u.token_version";

// The inviter of `u.` joined as `i` (LEFT JOIN users i ON i.id = u.invited_by_id), for
// `row_to_inviter`.
inline constexpr std::string_view kInviterColumns =
    "i.id AS inviter_id, i.email AS inviter_email, i.first_name AS inviter_first_name, "
    "i.last_name AS inviter_last_name";

User row_to_user(const sql::Row& row);
std::optional<UserSummary> row_to_inviter(const sql::Row& row);

std::optional<User> find(sql::Connection& conn, std::string_view id);
// The user with their inviter's summary, in one statement.
std::optional<Principal> find_principal(sql::Connection& conn, std::string_view id);
// REQUIRES: email already normalized. Also returns the password hash.
std::optional<std::pair<User, std::string>> find_with_hash_by_email(sql::Connection& conn,
                                                                    std::string_view email);
std::optional<std::string> password_hash(sql::Connection& conn, std::string_view id);
bool email_taken(sql::Connection& conn, std::string_view email, std::string_view except_id = "");
std::int64_t count_users(sql::Connection& conn);
std::int64_t count_active_admins(sql::Connection& conn);
// Loads a user or throws kNotFound "User not found". kForUpdate locks the row.
User require(sql::Connection& conn, std::string_view id, sql::Lock lock = sql::Lock::kNone);

EmailAccount row_to_email_account(const sql::Row& row);
SmsGateway row_to_sms_gateway(const sql::Row& row);

}  // namespace crm::user_repo
