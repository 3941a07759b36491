#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/users/session_token.hpp"
#include "core/users/user_fields.hpp"
#include "core/users/user_repo.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm {
namespace {

constexpr std::size_t kTempPasswordLength = 16;
// Serializes changes that could leave no active admin, on every engine sharing the database.
constexpr std::string_view kAdminGuardLock = "crm:admin-guard";

using user_fields::kFirstName;
using user_fields::kLastName;
using user_fields::kPhone;

std::optional<std::string> normalized_phone(const std::optional<std::string>& raw) {
  auto v = validate::text(kPhone, raw);
  if (!v) return std::nullopt;
  return validate::phone_e164(kPhone.name, *v);
}

std::string checked_last_name(const std::string& raw) {
  return validate::text(kLastName, raw).value_or("");
}

}  // namespace

UserService::UserService(detail::Runtime& rt) : rt_(rt) {}

std::vector<UserWithInviter> UserService::list_all() {
  auto tx = rt_.db->read();
  const auto res = tx->query("SELECT " + std::string(user_repo::kUserColumns) + ", " +
                             std::string(user_repo::kInviterColumns) +
                             " FROM users u LEFT JOIN users i ON i.id = u.invited_by_id "
                             "ORDER BY u.created_at, u.id");
  std::vector<UserWithInviter> out;
  for (const auto& r : res.rows)
    out.push_back({user_repo::row_to_user(r), user_repo::row_to_inviter(r)});
  return out;
}

std::vector<User> UserService::list_active() {
  auto tx = rt_.db->read();
  const auto res =
      tx->query("SELECT " + std::string(user_repo::kUserColumns) +
                " FROM users u WHERE u.is_active = 1 ORDER BY u.first_name, u.last_name, u.id");
  return res.map(user_repo::row_to_user);
}

UserWithInviter UserService::get_with_inviter(std::string_view id) {
  auto tx = rt_.db->read();
  auto found = user_repo::find_principal(tx->connection(), id);
  if (!found) throw Error::not_found("User not found");
  return {std::move(found->user), std::move(found->invited_by)};
}

User UserService::get(std::string_view id) {
  auto tx = rt_.db->read();
  return user_repo::require(tx->connection(), id);
}

bool UserService::any_user_exists() {
  auto tx = rt_.db->read();
  return user_repo::count_users(tx->connection()) > 0;
}

InvitedUser UserService::invite(const Actor& admin, const NewUser& input) {
  const std::string email = validate::email(user_fields::kEmail.name, input.email);
  const std::string first_name = validate::required(kFirstName, input.first_name);
  const std::string last_name = checked_last_name(input.last_name);
  const auto phone = normalized_phone(input.phone);
  {
    auto tx = rt_.db->read();
    if (user_repo::email_taken(tx->connection(), email))
      throw Error::conflict("Email already in use");
  }
  std::string temp_password = ids::random_password(kTempPasswordLength);
  const std::string hash = rt_.passwords.hash(temp_password, rt_.options.bcrypt_cost);

  User user = rt_.db->write([&](sql::Transaction& tx) {
    const TimeMs now = rt_.now();
    const std::string id = rt_.new_id();
    // The unique index settles an invite racing another for the same email.
    const auto inserted = tx.query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, phone, role, "
        "is_active, invited_by_id, invited_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        id, email, hash, first_name, last_name, phone, to_string(input.role), admin.user_id, now,
        now, now);
    if (inserted.changes == 0) throw Error::conflict("Email already in use");
    return user_repo::require(tx.connection(), id);
  });
  return {std::move(user), std::move(temp_password)};
}

ProfileResult UserService::update_profile(const Actor& self, const ProfileUpdate& u) {
  std::optional<std::string> email;
  if (u.email) email = validate::email(user_fields::kEmail.name, *u.email);
  std::optional<std::string> first_name, last_name;
  if (u.first_name) first_name = validate::required(kFirstName, u.first_name);
  if (u.last_name) last_name = checked_last_name(*u.last_name);
  std::optional<std::optional<std::string>> phone;
  if (u.phone) phone = normalized_phone(*u.phone);
  std::optional<std::string> new_hash;
  if (u.new_password || u.current_password) {
    if (!u.new_password || !u.current_password)
      throw Error::invalid(
          "currentPassword and newPassword are both required to change the password");
    validate::password("newPassword", *u.new_password);
    new_hash = checked_password_change(self, *u.current_password, *u.new_password);
  }

  User user = rt_.db->write([&](sql::Transaction& tx) {
    const User current = user_repo::require(tx.connection(), self.user_id, sql::Lock::kForUpdate);
    if (email && *email != current.email &&
        user_repo::email_taken(tx.connection(), *email, current.id))
      throw Error::conflict("Email already in use");
    storage::Assignments fields;
    if (first_name) fields.set("first_name", *first_name);
    if (last_name) fields.set("last_name", *last_name);
    if (email) fields.set("email", *email);
    if (phone) fields.set("phone", *phone);
    if (new_hash) {
      fields.set("password_hash", *new_hash);
      fields.set("token_version", current.token_version + 1);
    }
    fields.set("updated_at", rt_.now());
    fields.update_by_id(tx.connection(), "users", current.id);
    rt_.forget_principal_on_commit(tx, current.id);
    return user_repo::require(tx.connection(), current.id);
  });
  ProfileResult result{user, std::nullopt};
  if (new_hash) result.new_token = session_token::issue(rt_, user);
  return result;
}

std::string UserService::checked_password_change(const Actor& self,
                                                 std::string_view current_password,
                                                 std::string_view new_password) {
  std::optional<std::pair<User, std::string>> found;
  {
    auto tx = rt_.db->read();
    const User user = user_repo::require(tx->connection(), self.user_id);
    // A wrong current password is a failed login of this account: same throttle.
    if (int wait = rt_.login_throttle.retry_after_seconds(tx->connection(), user.email, rt_.now());
        wait > 0)
      throw Error(ErrorCode::kRateLimited, "Too many password attempts, try again later")
          .with_retry_after(wait);
    found = user_repo::find_with_hash_by_email(tx->connection(), user.email);
  }
  if (!found) throw Error::not_found("User not found");
  if (!rt_.passwords.verify(current_password, found->second)) {
    rt_.db->write([&](sql::Transaction& tx) {
      rt_.login_throttle.record_failure(tx.connection(), found->first.email, rt_.now());
    });
    throw Error::invalid("Current password is incorrect");
  }
  return rt_.passwords.hash(new_password, rt_.options.bcrypt_cost);
}

User UserService::update(const Actor& admin, std::string_view id, const UserUpdate& u) {
  std::optional<std::string> first_name, last_name;
  if (u.first_name) first_name = validate::required(kFirstName, u.first_name);
  if (u.last_name) last_name = checked_last_name(*u.last_name);
  std::optional<std::optional<std::string>> phone;
  if (u.phone) phone = normalized_phone(*u.phone);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    User user = user_repo::require(conn, id, sql::Lock::kForUpdate);
    const bool disabling = u.is_active && !*u.is_active && user.is_active;
    const bool demoting = u.role && *u.role != Role::kAdmin && user.role == Role::kAdmin;
    if (disabling && user.id == admin.user_id)
      throw Error::invalid("You cannot deactivate yourself");
    if ((disabling || demoting) && user.role == Role::kAdmin && user.is_active) {
      // Two admins demoting each other at once must leave one: count under a lock every
      // such change takes, so the second counts after the first committed.
      conn.lock_key(kAdminGuardLock);
      if (user_repo::count_active_admins(conn) <= 1)
        throw Error::invalid("Cannot demote or deactivate the last active admin");
    }
    storage::Assignments fields;
    if (first_name) fields.set("first_name", *first_name);
    if (last_name) fields.set("last_name", *last_name);
    if (phone) fields.set("phone", *phone);
    if (u.role) fields.set("role", to_string(*u.role));
    if (u.is_active) fields.set("is_active", *u.is_active);
    // A changed role or a deactivation ends every session of the user.
    if ((u.role && *u.role != user.role) || disabling)
      fields.set("token_version", user.token_version + 1);
    fields.set("updated_at", rt_.now());
    fields.update_by_id(conn, "users", user.id);
    rt_.forget_principal_on_commit(tx, user.id);
    return user_repo::require(conn, id);
  });
}

User UserService::deactivate(const Actor& admin, std::string_view id) {
  if (id == admin.user_id) throw Error::invalid("You cannot delete yourself");
  UserUpdate u;
  u.is_active = false;
  return update(admin, id, u);
}

std::optional<EmailAccount> UserService::assign_email_account(
    std::string_view user_id, const std::optional<std::string>& account_id) {
  if (account_id) validate::characters("emailAccountId", *account_id);
  return rt_.db->write([&](sql::Transaction& tx) -> std::optional<EmailAccount> {
    user_repo::require(tx.connection(), user_id, sql::Lock::kForUpdate);
    const TimeMs now = rt_.now();
    if (account_id && tx.query("SELECT id FROM email_accounts WHERE id = ?", *account_id).empty())
      throw Error::not_found("Email account not found");
    // One account per user: detach whatever the user has, then attach the chosen one.
    tx.query("UPDATE email_accounts SET user_id = NULL, updated_at = ? WHERE user_id = ?", now,
             user_id);
    if (!account_id) return std::nullopt;
    tx.query("UPDATE email_accounts SET user_id = ?, updated_at = ? WHERE id = ?", user_id, now,
             *account_id);
    return user_repo::row_to_email_account(
        tx.query("SELECT id, email_address, display_name, user_id FROM email_accounts WHERE id = ?",
                 *account_id)
            .first());
  });
}

std::vector<EmailAccount> UserService::list_email_accounts() {
  auto tx = rt_.db->read();
  return tx
      ->query(
          "SELECT id, email_address, display_name, user_id FROM email_accounts ORDER BY "
          "email_address")
      .map(user_repo::row_to_email_account);
}

}  // namespace crm
