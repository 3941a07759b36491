#include "core/users/principal_cache.hpp"

namespace crm {

PrincipalCache::PrincipalCache(std::size_t capacity, TimeMs ttl)
    : capacity_(ttl > 0 ? capacity : 0), ttl_(ttl) {}

std::shared_ptr<const Principal> PrincipalCache::find(std::string_view user_id, TimeMs now) {
  if (capacity_ == 0) return nullptr;
  std::lock_guard lock(mu_);
  const auto it = index_.find(user_id);
  if (it == index_.end()) return nullptr;
  const Lru::iterator entry = it->second;
  // A clock that stepped back also ends the entry: its age is then unknown.
  if (now - entry->read_at >= ttl_ || now < entry->read_at) {
    erase(entry);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, entry);
  return entry->principal;
}

std::uint64_t PrincipalCache::stamp() {
  std::lock_guard lock(mu_);
  return stamp_;
}

void PrincipalCache::put(std::shared_ptr<const Principal> principal, TimeMs read_at,
                         std::uint64_t stamp) {
  if (capacity_ == 0 || !principal) return;
  std::lock_guard lock(mu_);
  if (stamp != stamp_) return;
  if (const auto it = index_.find(principal->user.id); it != index_.end()) erase(it->second);
  lru_.push_front({std::move(principal), read_at});
  index_.emplace(lru_.front().principal->user.id, lru_.begin());
  while (lru_.size() > capacity_) erase(std::prev(lru_.end()));
}

void PrincipalCache::forget(std::string_view user_id) {
  std::lock_guard lock(mu_);
  ++stamp_;
  for (auto it = lru_.begin(); it != lru_.end();) {
    const Principal& p = *it->principal;
    const bool stale = p.user.id == user_id || (p.invited_by && p.invited_by->id == user_id);
    const auto next = std::next(it);
    if (stale) erase(it);
    it = next;
  }
}

std::size_t PrincipalCache::size() {
  std::lock_guard lock(mu_);
  return lru_.size();
}

void PrincipalCache::erase(Lru::iterator it) {
  index_.erase(std::string_view(it->principal->user.id));
  lru_.erase(it);
}

}  // namespace crm
