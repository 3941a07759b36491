#include "core/runtime.hpp"
#include "core/security/password.hpp"
#include "core/users/user_repo.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm {
namespace {

constexpr std::size_t kTempPasswordLength = 16;

std::optional<std::string> normalized_phone(const std::optional<std::string>& raw) {
  auto v = validate::optional_trimmed(raw);
  if (!v) return std::nullopt;
  return validate::phone_e164("phone", *v);
}

}  // namespace

UserService::UserService(detail::Runtime& rt) : rt_(rt) {}

std::vector<UserWithInviter> UserService::list_all() {
  auto tx = rt_.db->read();
  const auto res = tx->query(
      "SELECT " + std::string(user_repo::kUserColumns) +
      ", i.id AS inviter_id, i.email AS inviter_email, i.first_name AS inviter_first_name, "
      "i.last_name AS inviter_last_name FROM users u LEFT JOIN users i ON i.id = u.invited_by_id "
      "ORDER BY u.created_at, u.id");
  std::vector<UserWithInviter> out;
  for (const auto& r : res.rows) {
    UserWithInviter item{user_repo::row_to_user(r), std::nullopt};
    if (!r.is_null("inviter_id"))
      item.invited_by = UserSummary{r.text("inviter_id"), r.text("inviter_email"),
                                    r.text("inviter_first_name"), r.text("inviter_last_name")};
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<User> UserService::list_active() {
  auto tx = rt_.db->read();
  const auto res = tx->query("SELECT " + std::string(user_repo::kUserColumns) +
                             " FROM users u WHERE u.is_active = 1 ORDER BY u.first_name, u.last_name, u.id");
  return res.map(user_repo::row_to_user);
}

UserWithInviter UserService::get_with_inviter(std::string_view id) {
  auto tx = rt_.db->read();
  UserWithInviter out{user_repo::require(tx->connection(), id), std::nullopt};
  if (out.user.invited_by_id) {
    if (auto inviter = user_repo::find(tx->connection(), *out.user.invited_by_id))
      out.invited_by = UserSummary{inviter->id, inviter->email, inviter->first_name, inviter->last_name};
  }
  return out;
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
  const std::string email = validate::email("email", input.email);
  const std::string first_name = validate::required("firstName", input.first_name);
  const std::string last_name = text::trim(input.last_name);
  const auto phone = normalized_phone(input.phone);
  std::string temp_password = ids::random_password(kTempPasswordLength);
  const std::string hash = password::hash(temp_password, rt_.options.bcrypt_cost);

  auto tx = rt_.db->write();
  if (user_repo::email_taken(tx->connection(), email)) throw Error::conflict("Email already in use");
  const TimeMs now = rt_.now();
  const std::string id = rt_.new_id();
  tx->query(
      "INSERT INTO users (id, email, password_hash, first_name, last_name, phone, role, is_active, "
      "invited_by_id, invited_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
      id, email, hash, first_name, last_name, phone, to_string(input.role), admin.user_id, now, now, now);
  User user = user_repo::require(tx->connection(), id);
  tx->commit();
  return {std::move(user), std::move(temp_password)};
}

User UserService::update_profile(const Actor& self, const ProfileUpdate& u) {
  std::optional<std::string> email;
  if (u.email) email = validate::email("email", *u.email);
  std::optional<std::string> new_hash;
  if (u.new_password || u.current_password) {
    if (!u.new_password || !u.current_password)
      throw Error::invalid("currentPassword and newPassword are both required to change the password");
    validate::password("newPassword", *u.new_password);
    std::string current_hash;
    {
      auto tx = rt_.db->read();
      current_hash = user_repo::password_hash(tx->connection(), self.user_id).value_or("");
    }
    if (!password::verify(*u.current_password, current_hash))
      throw Error::invalid("Current password is incorrect");
    new_hash = password::hash(*u.new_password, rt_.options.bcrypt_cost);
  }
  std::optional<std::string> first_name, last_name;
  if (u.first_name) first_name = validate::required("firstName", u.first_name);
  if (u.last_name) last_name = text::trim(*u.last_name);
  std::optional<std::optional<std::string>> phone;
  if (u.phone) phone = normalized_phone(*u.phone);

  auto tx = rt_.db->write();
  User user = user_repo::require(tx->connection(), self.user_id);
  if (email && *email != user.email && user_repo::email_taken(tx->connection(), *email, user.id))
    throw Error::conflict("Email already in use");
  const TimeMs now = rt_.now();
  tx->query(
      "UPDATE users SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), "
      "email = COALESCE(?, email), password_hash = COALESCE(?, password_hash), "
      "phone = CASE WHEN ? THEN ? ELSE phone END, updated_at = ? WHERE id = ?",
      first_name, last_name, email, new_hash, phone.has_value(), phone ? *phone : std::nullopt, now,
      user.id);
  user = user_repo::require(tx->connection(), self.user_id);
  tx->commit();
  return user;
}

User UserService::update(const Actor& admin, std::string_view id, const UserUpdate& u) {
  std::optional<std::string> first_name, last_name;
  if (u.first_name) first_name = validate::required("firstName", u.first_name);
  if (u.last_name) last_name = text::trim(*u.last_name);
  std::optional<std::optional<std::string>> phone;
  if (u.phone) phone = normalized_phone(*u.phone);

  auto tx = rt_.db->write();
  User user = user_repo::require(tx->connection(), id);
  const bool disabling = u.is_active && !*u.is_active && user.is_active;
  const bool demoting = u.role && *u.role != Role::kAdmin && user.role == Role::kAdmin;
  if (disabling && user.id == admin.user_id) throw Error::invalid("You cannot deactivate yourself");
  if ((disabling || demoting) && user.role == Role::kAdmin && user.is_active &&
      user_repo::count_active_admins(tx->connection()) <= 1)
    throw Error::invalid("Cannot demote or deactivate the last active admin");
  tx->query(
      "UPDATE users SET first_name = COALESCE(?, first_name), last_name = COALESCE(?, last_name), "
      "phone = CASE WHEN ? THEN ? ELSE phone END, role = COALESCE(?, role), "
      "is_active = COALESCE(?, is_active), updated_at = ? WHERE id = ?",
      first_name, last_name, phone.has_value(), phone ? *phone : std::nullopt,
      u.role ? std::optional<std::string>(std::string(to_string(*u.role))) : std::nullopt,
      u.is_active, rt_.now(), user.id);
  user = user_repo::require(tx->connection(), id);
  tx->commit();
  return user;
}

User UserService::deactivate(const Actor& admin, std::string_view id) {
  if (id == admin.user_id) throw Error::invalid("You cannot delete yourself");
  UserUpdate u;
  u.is_active = false;
  return update(admin, id, u);
}

std::optional<EmailAccount> UserService::assign_email_account(
    std::string_view user_id, const std::optional<std::string>& account_id) {
  auto tx = rt_.db->write();
  user_repo::require(tx->connection(), user_id);
  const TimeMs now = rt_.now();
  std::optional<EmailAccount> assigned;
  if (account_id) {
    const auto found = tx->query("SELECT id FROM email_accounts WHERE id = ?", *account_id);
    if (found.empty()) throw Error::not_found("Email account not found");
  }
  // One account per user: detach whatever the user has, then attach the chosen one.
  tx->query("UPDATE email_accounts SET user_id = NULL, updated_at = ? WHERE user_id = ?", now, user_id);
  if (account_id) {
    tx->query("UPDATE email_accounts SET user_id = ?, updated_at = ? WHERE id = ?", user_id, now, *account_id);
    assigned = user_repo::row_to_email_account(
        tx->query("SELECT id, email_address, display_name, user_id FROM email_accounts WHERE id = ?",
                  *account_id).first());
  }
  tx->commit();
  return assigned;
}

std::vector<EmailAccount> UserService::list_email_accounts() {
  auto tx = rt_.db->read();
  return tx->query("SELECT id, email_address, display_name, user_id FROM email_accounts ORDER BY email_address")
      .map(user_repo::row_to_email_account);
}

}  // namespace crm
