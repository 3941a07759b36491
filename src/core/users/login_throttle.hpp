#pragma once
// Failed logins per email in a sliding window, kept in the database (login_failures) so the
// limit holds across server processes and restarts (DOMAIN.md §18).

#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/time.hpp"

namespace crm {

struct LoginThrottle {
  int limit = 10;
  TimeMs window = 15 * kMinuteMs;

  // Seconds until the next attempt for `email` is allowed, or 0 when it is allowed now.
  int retry_after_seconds(sql::Connection& conn, std::string_view email, TimeMs now) const;
  // Records a failure and forgets this email's failures older than the window.
  void record_failure(sql::Connection& conn, std::string_view email, TimeMs now) const;
  // Forgets every failure of `email` (after a successful login).
  void reset(sql::Connection& conn, std::string_view email) const;
};

}  // namespace crm
