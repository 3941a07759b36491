#pragma once
// Signed-in users by id, so that authenticating a request costs no database round trip.
//
// Bounded: past `capacity` entries the least recently used one goes. Short-lived: an entry is
// served until `ttl` after the read it came from began (measured with the engine's Clock).
// Writes of this process that change a user drop the user's entry when they commit
// (Runtime::forget_principal_on_commit); writes of other processes sharing the database are
// seen once the entry expires. So every process refuses a deactivated user, or a revoked
// token, at most `ttl` after the change committed (EngineOptions::principal_cache_ttl_ms, 1 s).

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

// Thread-safe.
class PrincipalCache {
 public:
  // capacity 0 or ttl <= 0: nothing is cached.
  PrincipalCache(std::size_t capacity, TimeMs ttl);

  // The entry of `user_id` if its read began less than ttl before `now`, else null.
  std::shared_ptr<const Principal> find(std::string_view user_id, TimeMs now);

  // Taken before reading a principal from the database and handed to put(), which then keeps
  // the principal only if nothing was forgotten meanwhile: a read that raced with a write to
  // users is used once but never cached.
  std::uint64_t stamp();
  // `read_at`: the clock's time before the read began.
  void put(std::shared_ptr<const Principal> principal, TimeMs read_at, std::uint64_t stamp);

  // Drops the user's entry, and the entries of the users they invited (which embed their name
  // and email as the inviter).
  void forget(std::string_view user_id);

  std::size_t size();

 private:
  struct Entry {
    std::shared_ptr<const Principal> principal;
    TimeMs read_at;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void erase(Lru::iterator it);  // REQUIRES: mu_ held

  const std::size_t capacity_;
  const TimeMs ttl_;
  std::mutex mu_;
  Lru lru_;  // guarded by mu_
  // Keys view the id inside their entry's principal, which is immutable. Guarded by mu_.
  std::unordered_map<std::string_view, Lru::iterator> index_;
  std::uint64_t stamp_ = 0;  // guarded by mu_; advanced by forget()
};

}  // namespace crm
