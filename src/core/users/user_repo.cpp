#include "core/users/user_repo.hpp"

#include "crm/error.hpp"

namespace crm::user_repo {

User row_to_user(const sql::Row& r) {
  User u;
  u.id = r.text("id");
  u.email = r.text("email");
  u.first_name = r.text("first_name");
  u.last_name = r.text("last_name");
  u.phone = r.opt_text("phone");
  u.role = parse_role(r.text("role")).value_or(Role::kRep);
  u.is_active = r.boolean("is_active");
  u.last_login_at = r.opt_integer("last_login_at");
  u.invited_by_id = r.opt_text("invited_by_id");
  u.invited_at = r.opt_integer("invited_at");
  u.created_at = r.integer("created_at");
  u.updated_at = r.integer("updated_at");
  u.token_version = r.integer("token_version");
  return u;
}

std::optional<User> find(sql::Connection& conn, std::string_view id) {
  const auto res =
      conn.query("SELECT " + std::string(kUserColumns) + " FROM users u WHERE u.id = ?", id);
  if (res.empty()) return std::nullopt;
  return row_to_user(res.first());
}

std::optional<UserSummary> row_to_inviter(const sql::Row& r) {
  if (r.is_null("inviter_id")) return std::nullopt;
  return UserSummary{r.text("inviter_id"), r.text("inviter_email"), r.text("inviter_first_name"),
                     r.text("inviter_last_name")};
}

std::optional<Principal> find_principal(sql::Connection& conn, std::string_view id) {
  // One statement text, prepared once per connection: it runs on every principal cache miss.
  static const std::string sql = "SELECT " + std::string(kUserColumns) + ", " +
                                 std::string(kInviterColumns) +
                                 " FROM users u LEFT JOIN users i ON i.id = u.invited_by_id "
                                 "WHERE u.id = ?";
  const auto res = conn.query(sql, id);
  if (res.empty()) return std::nullopt;
  return Principal{row_to_user(res.first()), row_to_inviter(res.first())};
}

User require(sql::Connection& conn, std::string_view id, sql::Lock lock) {
  const auto res = conn.query("SELECT " + std::string(kUserColumns) +
                                  " FROM users u WHERE u.id = ?" + conn.lock_clause(lock, "u"),
                              id);
  if (res.empty()) throw Error::not_found("User not found");
  return row_to_user(res.first());
}

std::optional<std::pair<User, std::string>> find_with_hash_by_email(sql::Connection& conn,
                                                                    std::string_view email) {
  const auto res = conn.query(
      "SELECT " + std::string(kUserColumns) + ", u.password_hash FROM users u WHERE u.email = ?",
      email);
  if (res.empty()) return std::nullopt;
  return std::make_pair(row_to_user(res.first()), res.first().text("password_hash"));
}

std::optional<std::string> password_hash(sql::Connection& conn, std::string_view id) {
  const auto res = conn.query("SELECT password_hash FROM users WHERE id = ?", id);
  if (res.empty()) return std::nullopt;
  return res.first().text("password_hash");
}

bool email_taken(sql::Connection& conn, std::string_view email, std::string_view except_id) {
  return !conn.query("SELECT 1 FROM users WHERE email = ? AND id <> ?", email, except_id).empty();
}

std::int64_t count_users(sql::Connection& conn) {
  return conn.query("SELECT COUNT(*) AS n FROM users").first().integer("n");
}

std::int64_t count_active_admins(sql::Connection& conn) {
  return conn.query("SELECT COUNT(*) AS n FROM users WHERE role = 'ADMIN' AND is_active = 1")
      .first()
      .integer("n");
}

EmailAccount row_to_email_account(const sql::Row& r) {
  return {r.text("id"), r.text("email_address"), r.opt_text("display_name"), r.opt_text("user_id")};
}

SmsGateway row_to_sms_gateway(const sql::Row& r) {
  SmsGateway g;
  g.id = r.text("id");
  g.user_id = r.text("user_id");
  g.label = r.text("label");
  g.gateway_url = r.text("gateway_url");
  g.username = r.text("username");
  g.from_number = r.text("from_number");
  g.is_active = r.boolean("is_active");
  g.created_at = r.integer("created_at");
  g.updated_at = r.integer("updated_at");
  return g;
}

}  // namespace crm::user_repo
