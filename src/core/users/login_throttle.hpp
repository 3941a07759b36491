#pragma once
// Counts failed logins per email in a sliding window (in memory, per process).

#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "crm/time.hpp"

namespace crm {

// Thread-safe.
class LoginThrottle {
 public:
  LoginThrottle(int limit, TimeMs window) : limit_(limit), window_(window) {}

  // Seconds until the next attempt is allowed, or 0 when it is allowed now.
  int retry_after_seconds(const std::string& email, TimeMs now);
  void record_failure(const std::string& email, TimeMs now);
  void reset(const std::string& email);

 private:
  void prune(std::deque<TimeMs>& failures, TimeMs now) const;

  const int limit_;
  const TimeMs window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<TimeMs>> failures_;  // guarded by mu_
};

}  // namespace crm
