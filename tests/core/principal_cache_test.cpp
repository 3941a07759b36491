// PrincipalCache on its own: TTL, LRU bound, the stamp that keeps a raced read out, and what
// forget() drops.
#include <doctest/doctest.h>

#include "core/users/principal_cache.hpp"

using namespace crm;

namespace {

std::shared_ptr<const Principal> principal(const std::string& id,
                                           std::optional<std::string> inviter = std::nullopt) {
  Principal p;
  p.user.id = id;
  if (inviter) p.invited_by = UserSummary{*inviter, *inviter + "@example.com", "In", "Viter"};
  return std::make_shared<const Principal>(std::move(p));
}

}  // namespace

TEST_CASE("PrincipalCache serves an entry until ttl after its read began") {
  PrincipalCache cache(10, 1000);
  cache.put(principal("u1"), 5000, cache.stamp());
  REQUIRE(cache.find("u1", 5000));
  CHECK(cache.find("u1", 5999)->user.id == "u1");
  CHECK(cache.find("u1", 6000) == nullptr);
  CHECK(cache.size() == 0);  // the expired entry is gone
  cache.put(principal("u2"), 5000, cache.stamp());
  CHECK(cache.find("u2", 4999) == nullptr);  // a clock that stepped back
  CHECK(cache.find("nobody", 5000) == nullptr);
}

TEST_CASE("PrincipalCache drops the least recently used entry past its capacity") {
  PrincipalCache cache(2, 1000);
  cache.put(principal("a"), 0, cache.stamp());
  cache.put(principal("b"), 0, cache.stamp());
  REQUIRE(cache.find("a", 1));  // a is now the most recently used
  cache.put(principal("c"), 0, cache.stamp());
  CHECK(cache.size() == 2);
  CHECK(cache.find("b", 1) == nullptr);
  CHECK(cache.find("a", 1) != nullptr);
  CHECK(cache.find("c", 1) != nullptr);
  // Putting an id again replaces its entry.
  cache.put(principal("c"), 500, cache.stamp());
  CHECK(cache.size() == 2);
  CHECK(cache.find("c", 1400) != nullptr);
}

TEST_CASE("PrincipalCache keeps out a read that raced with a forget") {
  PrincipalCache cache(10, 1000);
  const std::uint64_t before_read = cache.stamp();
  cache.forget("u1");  // a write to u1 committed while the read ran
  cache.put(principal("u1"), 0, before_read);
  CHECK(cache.find("u1", 1) == nullptr);
  cache.put(principal("u1"), 0, cache.stamp());
  CHECK(cache.find("u1", 1) != nullptr);
}

TEST_CASE("PrincipalCache::forget drops the user and the users they invited") {
  PrincipalCache cache(10, 1000);
  cache.put(principal("admin"), 0, cache.stamp());
  cache.put(principal("rep1", "admin"), 0, cache.stamp());
  cache.put(principal("rep2", "other"), 0, cache.stamp());
  cache.forget("admin");
  CHECK(cache.find("admin", 1) == nullptr);
  CHECK(cache.find("rep1", 1) == nullptr);
  CHECK(cache.find("rep2", 1) != nullptr);
}

TEST_CASE("PrincipalCache with capacity 0 or no TTL keeps nothing") {
  PrincipalCache none(0, 1000);
  none.put(principal("u"), 0, none.stamp());
  CHECK(none.find("u", 1) == nullptr);
  PrincipalCache no_ttl(10, 0);
  no_ttl.put(principal("u"), 0, no_ttl.stamp());
  CHECK(no_ttl.find("u", 0) == nullptr);
}
