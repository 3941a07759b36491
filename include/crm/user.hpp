#pragma once
// Users, roles and the acting user of a call.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/time.hpp"

namespace crm {

enum class Role { kAdmin, kRep };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// Who performs a call. Services apply visibility rules (DOMAIN.md §3) from this.
struct Actor {
  std::string user_id;
  Role role = Role::kRep;
  bool is_admin() const { return role == Role::kAdmin; }
};

// A user as the API shows it: never the password hash.
struct User {
  std::string id;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> phone;
  Role role = Role::kRep;
  bool is_active = true;
  std::optional<TimeMs> last_login_at;
  std::optional<std::string> invited_by_id;
  std::optional<TimeMs> invited_at;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  // Bumped by a password change, a deactivation or a role change: session tokens minted under
  // an older version are refused. Not part of the wire shape.
  std::int64_t token_version = 0;

  Actor actor() const { return {id, role}; }
};

// The short form used where a user is embedded in another record (author, rep, inviter).
struct UserSummary {
  std::string id;
  std::string email;
  std::string first_name;
  std::string last_name;
};

struct UserWithInviter {
  User user;
  std::optional<UserSummary> invited_by;
};

// The signed-in user of a request as AuthService::principal resolved it from a session token:
// the user and who invited them. Immutable once made: the engine's principal cache hands the
// same object to concurrent requests.
struct Principal {
  User user;
  std::optional<UserSummary> invited_by;
};

struct NewUser {
  std::string email;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> phone;
  Role role = Role::kRep;
};

struct InvitedUser {
  User user;
  std::string temp_password;  // shown once; only its hash is stored
};

// Self-service changes; a field left empty is not changed.
struct ProfileUpdate {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
  std::optional<std::optional<std::string>> phone;  // null clears
  std::optional<std::string> current_password;
  std::optional<std::string> new_password;
};

// Admin changes to another user.
struct UserUpdate {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::optional<std::string>> phone;
  std::optional<Role> role;
  std::optional<bool> is_active;
};

struct Session {
  std::string token;  // HS256 JWT, valid for 7 days
  User user;
};

// The outcome of a self-service profile update: a password change revokes every earlier token
// of the user and comes with a fresh one.
struct ProfileResult {
  User user;
  std::optional<std::string> new_token;
};

struct FirstAdmin {
  std::string email;
  std::string password;
  std::string first_name;
  std::string last_name;
};

struct EmailAccount {
  std::string id;
  std::string email_address;
  std::optional<std::string> display_name;
  std::optional<std::string> user_id;
};

struct SmsGateway {
  std::string id;
  std::string user_id;
  std::string label;
  std::string gateway_url;
  std::string username;
  std::string from_number;  // E.164
  bool is_active = true;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct SmsGatewayInput {
  std::optional<std::string> label;
  std::optional<std::string> gateway_url;
  std::optional<std::string> username;
  std::optional<std::string> password;  // stored encrypted, never returned
  std::optional<std::string> from_number;
  std::optional<bool> is_active;
};

}  // namespace crm
