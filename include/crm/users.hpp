#pragma once
// Users, sessions and per-user integration settings.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crm/user.hpp"

namespace crm {
namespace detail {
struct Runtime;
}

// Logins, first-user setup and token checks. Thread-safe.
class AuthService {
 public:
  explicit AuthService(detail::Runtime& rt);

  // Checks email + password. The same kUnauthenticated "Invalid credentials", after the same
  // bcrypt work, for an unknown email, a wrong password and an inactive user; kRateLimited
  // after too many failures for one email (counted in the database, across processes);
  // kUnavailable when the password-hashing queue is full. On success updates lastLoginAt and
  // mints a token.
  Session login(std::string_view email, std::string_view password);

  // Creates the first ADMIN. kPermissionDenied "SETUP_ALREADY_COMPLETED" once any user exists
  // (decided before any hashing; concurrent setups create exactly one admin).
  Session setup_first_admin(const FirstAdmin& input);

  // Verifies a token (HS256 only, strict base64url, signature, integer iat/exp in [0, 2^53),
  // iat at most 60 s ahead, not expired) and finds its user, who must exist, be active and
  // not have revoked the token (see User::token_version). kUnauthenticated otherwise.
  // The user comes from the principal cache (EngineOptions::principal_cache_size): this
  // engine's own changes to a user apply at once, other processes' within the cache's TTL.
  std::shared_ptr<const Principal> principal(std::string_view token);
  // principal(token)->user.
  User authenticate(std::string_view token);
  // principal(token) if the token is valid and its user is in the principal cache, else null
  // (whether the token is bad or the user merely not cached). Reads no database.
  std::shared_ptr<const Principal> cached_principal(std::string_view token);

  // Mints a token for a user (7-day expiry).
  std::string issue_token(const User& user);

 private:
  struct TokenClaims {
    std::string user_id;
    std::int64_t version = 0;
  };
  TokenClaims verified_claims(std::string_view token) const;
  static bool accepts(const Principal& principal, const TokenClaims& claims);

  detail::Runtime& rt_;
};

// User administration. Thread-safe.
class UserService {
 public:
  explicit UserService(detail::Runtime& rt);

  std::vector<UserWithInviter> list_all();
  std::vector<User> list_active();
  UserWithInviter get_with_inviter(std::string_view id);
  User get(std::string_view id);
  bool any_user_exists();

  // Invites a user with a random 16-character temp password. kConflict on a taken email.
  InvitedUser invite(const Actor& admin, const NewUser& input);
  // Self-service: email change (kConflict when taken), password change (needs the current
  // password; a wrong one counts as a failed login of the account, kRateLimited past the
  // limit). A password change revokes the user's earlier tokens and returns a fresh one.
  ProfileResult update_profile(const Actor& self, const ProfileUpdate& update);
  // Admin edits. Guards: not disabling oneself, not demoting or disabling the last active admin.
  // A role change or deactivation revokes the user's tokens.
  User update(const Actor& admin, std::string_view id, const UserUpdate& update);
  // Soft delete (isActive = false). Not oneself, not the last active admin.
  User deactivate(const Actor& admin, std::string_view id);

  // Assigns an email account to a user (detaching it from any other) or clears it (nullopt).
  std::optional<EmailAccount> assign_email_account(std::string_view user_id,
                                                   const std::optional<std::string>& account_id);
  std::vector<EmailAccount> list_email_accounts();

  std::optional<SmsGateway> get_sms_gateway(std::string_view user_id);
  SmsGateway create_sms_gateway(std::string_view user_id, const SmsGatewayInput& input);
  SmsGateway update_sms_gateway(std::string_view user_id, const SmsGatewayInput& input);
  int delete_sms_gateways(std::string_view user_id);
  // The decrypted gateway password, for the SMS sender. kNotFound without a gateway.
  std::string sms_gateway_password(std::string_view user_id);

 private:
  // Verifies the current password (a failure counts against the login throttle) and returns
  // the hash of the new one.
  std::string checked_password_change(const Actor& self, std::string_view current_password,
                                      std::string_view new_password);

  detail::Runtime& rt_;
};

}  // namespace crm
