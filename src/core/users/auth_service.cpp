#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/runtime.hpp"
#include "core/security/jwt.hpp"
#include "core/security/password.hpp"
#include "core/users/user_repo.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm {
namespace {

constexpr TimeMs kTokenLifetime = 7 * kDayMs;

Error invalid_credentials() { return Error::unauthenticated("Invalid credentials"); }

}  // namespace

AuthService::AuthService(detail::Runtime& rt) : rt_(rt) {}

std::string AuthService::issue_token(const User& user) {
  const std::int64_t iat = rt_.now() / 1000;
  boost::json::object claims{{"userId", user.id},
                             {"email", user.email},
                             {"role", to_string(user.role)},
                             {"iat", iat},
                             {"exp", iat + kTokenLifetime / 1000}};
  return jwt::sign_hs256(boost::json::serialize(claims), rt_.options.jwt_secret);
}

Session AuthService::login(std::string_view raw_email, std::string_view password) {
  const std::string email = text::normalize_email(raw_email);
  if (email.empty() || password.empty()) throw Error::invalid("email and password are required");
  if (int wait = rt_.login_throttle.retry_after_seconds(email, rt_.now()); wait > 0)
    throw Error(ErrorCode::kRateLimited, "Too many login attempts, try again later")
        .with_retry_after(wait);

  std::optional<std::pair<User, std::string>> found;
  {
    auto tx = rt_.db->read();
    found = user_repo::find_with_hash_by_email(tx->connection(), email);
  }
  // bcrypt runs outside any transaction: it is the slow part of a login.
  const bool ok = found && found->first.is_active && password::verify(password, found->second);
  if (!ok) {
    rt_.login_throttle.record_failure(email, rt_.now());
    throw invalid_credentials();
  }
  rt_.login_throttle.reset(email);
  User user = found->first;
  user.last_login_at = rt_.now();
  {
    auto tx = rt_.db->write();
    tx->query("UPDATE users SET last_login_at = ? WHERE id = ?", *user.last_login_at, user.id);
    tx->commit();
  }
  return {issue_token(user), user};
}

Session AuthService::setup_first_admin(const FirstAdmin& input) {
  const std::string email = validate::email("email", input.email);
  validate::password("password", input.password);
  const std::string first_name = validate::required("firstName", input.first_name);
  const std::string hash = password::hash(input.password, rt_.options.bcrypt_cost);

  auto tx = rt_.db->write();
  if (user_repo::count_users(tx->connection()) > 0)
    throw Error::forbidden("SETUP_ALREADY_COMPLETED");
  const TimeMs now = rt_.now();
  const std::string id = rt_.new_id();
  tx->query(
      "INSERT INTO users (id, email, password_hash, first_name, last_name, role, is_active, "
      "last_login_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ADMIN', 1, ?, ?, ?)",
      id, email, hash, first_name, text::trim(input.last_name), now, now, now);
  User user = user_repo::require(tx->connection(), id);
  tx->commit();
  return {issue_token(user), user};
}

User AuthService::authenticate(std::string_view token) {
  const auto payload = jwt::verify_hs256(token, rt_.options.jwt_secret);
  if (!payload) throw Error::unauthenticated();
  boost::system::error_code ec;
  const auto claims = boost::json::parse(*payload, ec);
  if (ec || !claims.is_object()) throw Error::unauthenticated();
  const auto& obj = claims.as_object();
  const auto* user_id = obj.if_contains("userId");
  const auto* exp = obj.if_contains("exp");
  if (!user_id || !user_id->is_string()) throw Error::unauthenticated();
  // exp is required; tokens of the previous system always carry it.
  if (!exp || !exp->is_number()) throw Error::unauthenticated();
  const double exp_s = exp->is_double() ? exp->as_double() : static_cast<double>(exp->to_number<std::int64_t>());
  if (exp_s * 1000.0 <= static_cast<double>(rt_.now())) throw Error::unauthenticated();

  auto tx = rt_.db->read();
  auto user = user_repo::find(tx->connection(), std::string_view(user_id->as_string()));
  if (!user || !user->is_active) throw Error::unauthenticated();
  return *user;
}

}  // namespace crm
