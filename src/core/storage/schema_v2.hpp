#pragma once
// Migration 2: session revocation and login throttling in the database.
//   users.token_version  bumped by a password change, a deactivation or a role change; tokens
//                        carry the version they were minted under ("tv"), older ones are refused
//   login_failures       failed logins per email (the 10 per 15 minutes limit, across processes)

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV2 = R"SQL(
ALTER TABLE users ADD COLUMN token_version BIGINT NOT NULL DEFAULT 0;
CREATE TABLE login_failures (
  email TEXT NOT NULL,
  failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_email_time ON login_failures(email, failed_at);
)SQL";

}  // namespace crm::storage
