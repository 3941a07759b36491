#include "core/users/login_throttle.hpp"

namespace crm {

void LoginThrottle::prune(std::deque<TimeMs>& failures, TimeMs now) const {
  while (!failures.empty() && failures.front() <= now - window_) failures.pop_front();
}

int LoginThrottle::retry_after_seconds(const std::string& email, TimeMs now) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(email);
  if (it == failures_.end()) return 0;
  prune(it->second, now);
  if (static_cast<int>(it->second.size()) < limit_) return 0;
  const TimeMs wait = it->second.front() + window_ - now;
  return static_cast<int>((wait + kSecondMs - 1) / kSecondMs);
}

void LoginThrottle::record_failure(const std::string& email, TimeMs now) {
  std::lock_guard lock(mu_);
  auto& failures = failures_[email];
  prune(failures, now);
  failures.push_back(now);
}

void LoginThrottle::reset(const std::string& email) {
  std::lock_guard lock(mu_);
  failures_.erase(email);
}

}  // namespace crm
