#include "core/users/login_throttle.hpp"

#include <algorithm>

namespace crm {

int LoginThrottle::retry_after_seconds(sql::Connection& conn, std::string_view email,
                                       TimeMs now) const {
  // The `limit`-th newest failure in the window: while it exists the email is blocked, and the
  // window slides past it at failed_at + window.
  const auto res = conn.query(
      "SELECT failed_at FROM login_failures WHERE email = ? AND failed_at > ? "
      "ORDER BY failed_at DESC LIMIT 1 OFFSET ?",
      email, now - window, limit - 1);
  if (res.empty()) return 0;
  const TimeMs wait = res.first().integer("failed_at") + window - now;
  return static_cast<int>((std::max<TimeMs>(wait, 1) + kSecondMs - 1) / kSecondMs);
}

void LoginThrottle::record_failure(sql::Connection& conn, std::string_view email,
                                   TimeMs now) const {
  conn.query("DELETE FROM login_failures WHERE email = ? AND failed_at <= ?", email, now - window);
  conn.query("INSERT INTO login_failures (email, failed_at) VALUES (?, ?)", email, now);
}

void LoginThrottle::reset(sql::Connection& conn, std::string_view email) const {
  conn.query("DELETE FROM login_failures WHERE email = ?", email);
}

}  // namespace crm
