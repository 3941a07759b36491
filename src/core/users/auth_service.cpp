#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "core/runtime.hpp"
#include "core/security/jwt.hpp"
#include "core/users/session_token.hpp"
#include "core/users/user_fields.hpp"
#include "core/users/user_repo.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm {
namespace {

Error invalid_credentials() { return Error::unauthenticated("Invalid credentials"); }

// Serializes concurrent first-user setups, on every engine sharing the database.
constexpr std::string_view kSetupLock = "crm:first-user-setup";

// JSON numbers above 2^53 lose integer precision in the JavaScript clients that read tokens.
constexpr std::int64_t kMaxTokenSeconds = std::int64_t{1} << 53;
// Clock skew tolerated between the server that minted a token and the one checking it.
constexpr std::int64_t kMaxIssuedAheadSeconds = 60;

// An integer claim in [0, 2^53); nullopt for anything else (a double, a string, out of range).
std::optional<std::int64_t> integer_claim(const boost::json::object& claims,
                                          std::string_view name) {
  const auto* v = claims.if_contains(name);
  if (!v) return std::nullopt;
  std::int64_t out = 0;
  if (v->is_int64())
    out = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() < static_cast<std::uint64_t>(kMaxTokenSeconds))
    out = static_cast<std::int64_t>(v->as_uint64());
  else
    return std::nullopt;
  if (out < 0 || out >= kMaxTokenSeconds) return std::nullopt;
  return out;
}

}  // namespace

// Whether the token's user may still use it: active, and the token not revoked since.
bool AuthService::accepts(const Principal& p, const TokenClaims& claims) {
  return p.user.is_active && p.user.token_version == claims.version;
}

// The checks of a token that need no database: signature, expiry, issue time, version claim.
AuthService::TokenClaims AuthService::verified_claims(std::string_view token) const {
  const auto payload = jwt::verify_hs256(token, rt_.options.jwt_secret);
  if (!payload) throw Error::unauthenticated();
  boost::system::error_code ec;
  const auto claims = boost::json::parse(*payload, ec);
  if (ec || !claims.is_object()) throw Error::unauthenticated();
  const auto& obj = claims.as_object();
  const auto* user_id = obj.if_contains("userId");
  if (!user_id || !user_id->is_string()) throw Error::unauthenticated();
  // exp is required (tokens of the previous system always carry it); iat when present.
  const auto exp = integer_claim(obj, "exp");
  const std::int64_t now_s = rt_.now() / 1000;
  if (!exp || *exp <= now_s) throw Error::unauthenticated();
  if (obj.contains("iat")) {
    const auto iat = integer_claim(obj, "iat");
    if (!iat || *iat > now_s + kMaxIssuedAheadSeconds) throw Error::unauthenticated();
  }
  // Tokens minted before versions existed (the previous system's) carry none: version 0.
  std::int64_t version = 0;
  if (obj.contains("tv")) {
    const auto tv = integer_claim(obj, "tv");
    if (!tv) throw Error::unauthenticated();
    version = *tv;
  }
  return {std::string(user_id->as_string()), version};
}

AuthService::AuthService(detail::Runtime& rt) : rt_(rt) {}

std::string AuthService::issue_token(const User& user) { return session_token::issue(rt_, user); }

Session AuthService::login(std::string_view raw_email, std::string_view password) {
  if (text::trim(raw_email).empty() || password.empty())
    throw Error::invalid("email and password are required");
  // Checked like a stored email (length, characters): it keys the login throttle's rows.
  const std::string email = validate::email(user_fields::kEmail.name, raw_email);

  std::optional<std::pair<User, std::string>> found;
  {
    auto tx = rt_.db->read();
    if (int wait = rt_.login_throttle.retry_after_seconds(tx->connection(), email, rt_.now());
        wait > 0)
      throw Error(ErrorCode::kRateLimited, "Too many login attempts, try again later")
          .with_retry_after(wait);
    found = user_repo::find_with_hash_by_email(tx->connection(), email);
  }
  // bcrypt runs outside any transaction, on the password pool. Unknown and inactive accounts
  // verify against a dummy hash of the same cost: every failure takes the same time.
  const bool usable = found && found->first.is_active;
  const bool ok =
      rt_.passwords.verify(password, usable ? found->second : rt_.dummy_password_hash()) && usable;
  if (!ok) {
    rt_.db->write([&](sql::Transaction& tx) {
      rt_.login_throttle.record_failure(tx.connection(), email, rt_.now());
    });
    throw invalid_credentials();
  }
  User user = found->first;
  user.last_login_at = rt_.now();
  rt_.db->write([&](sql::Transaction& tx) {
    rt_.login_throttle.reset(tx.connection(), email);
    tx.query("UPDATE users SET last_login_at = ? WHERE id = ?", *user.last_login_at, user.id);
    rt_.forget_principal_on_commit(tx, user.id);  // GET /api/users/me shows lastLoginAt
  });
  return {issue_token(user), user};
}

Session AuthService::setup_first_admin(const FirstAdmin& input) {
  const std::string email = validate::email(user_fields::kEmail.name, input.email);
  validate::password("password", input.password);
  const std::string first_name = validate::required(user_fields::kFirstName, input.first_name);
  const std::string last_name =
      validate::text(user_fields::kLastName, input.last_name).value_or("");
  // Decided before any hashing: after setup this call must cost nothing.
  {
    auto tx = rt_.db->read();
    if (user_repo::count_users(tx->connection()) > 0)
      throw Error::forbidden("SETUP_ALREADY_COMPLETED");
  }
  const std::string hash = rt_.passwords.hash(input.password, rt_.options.bcrypt_cost);

  User user = rt_.db->write([&](sql::Transaction& tx) {
    tx.connection().lock_key(kSetupLock);
    if (user_repo::count_users(tx.connection()) > 0)
      throw Error::forbidden("SETUP_ALREADY_COMPLETED");
    const TimeMs now = rt_.now();
    const std::string id = rt_.new_id();
    tx.query(
        "INSERT INTO users (id, email, password_hash, first_name, last_name, role, is_active, "
        "last_login_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ADMIN', 1, ?, ?, ?)",
        id, email, hash, first_name, last_name, now, now, now);
    return user_repo::require(tx.connection(), id);
  });
  return {issue_token(user), user};
}

std::shared_ptr<const Principal> AuthService::principal(std::string_view token) {
  const TokenClaims claims = verified_claims(token);
  std::shared_ptr<const Principal> found = rt_.principals.find(claims.user_id, rt_.now());
  if (!found) {
    const std::uint64_t stamp = rt_.principals.stamp();
    const TimeMs read_at = rt_.now();
    std::optional<Principal> loaded;
    {
      auto tx = rt_.db->read();
      loaded = user_repo::find_principal(tx->connection(), claims.user_id);
    }
    if (!loaded) throw Error::unauthenticated();
    found = std::make_shared<const Principal>(std::move(*loaded));
    rt_.principals.put(found, read_at, stamp);
  }
  if (!accepts(*found, claims)) throw Error::unauthenticated();
  return found;
}

User AuthService::authenticate(std::string_view token) { return principal(token)->user; }

std::shared_ptr<const Principal> AuthService::cached_principal(std::string_view token) {
  TokenClaims claims;
  try {
    claims = verified_claims(token);
  } catch (const Error&) {
    return nullptr;
  }
  auto found = rt_.principals.find(claims.user_id, rt_.now());
  if (!found || !accepts(*found, claims)) return nullptr;
  return found;
}

}  // namespace crm
