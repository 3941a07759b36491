#pragma once
// A small time-bounded cache of values keyed by scope (e.g. "admin", "rep:<id>"), cleared as a
// whole by writes that change what it holds.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "crm/time.hpp"

namespace crm {

// Thread-safe.
template <class T>
class ScopedCache {
 public:
  explicit ScopedCache(TimeMs ttl) : ttl_(ttl) {}

  std::optional<T> get(const std::string& scope, TimeMs now) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(scope);
    if (it == entries_.end() || now - it->second.stored_at >= ttl_) return std::nullopt;
    return it->second.value;
  }
  // Stores `value` unless the cache was invalidated after `generation` was read: a value
  // computed from data older than the last write is never cached.
  void put(const std::string& scope, T value, TimeMs now, std::uint64_t generation) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;
    entries_[scope] = {std::move(value), now};
  }
  std::uint64_t generation() {
    std::lock_guard lock(mu_);
    return generation_;
  }
  void invalidate() {
    std::lock_guard lock(mu_);
    entries_.clear();
    ++generation_;
  }

 private:
  struct Entry {
    T value;
    TimeMs stored_at;
  };
  const TimeMs ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  std::uint64_t generation_ = 0;                     // guarded by mu_
};

}  // namespace crm
