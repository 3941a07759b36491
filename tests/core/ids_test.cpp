// Ids increase strictly within a process, so (createdAt, id) orders records by creation even
// within one millisecond (issue #9, defect 8).
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/util/ids.hpp"

using namespace crm;

TEST_CASE("ids made in one millisecond increase strictly, and keep a random tail") {
  ids::IdGenerator gen;
  const TimeMs t = 1'795'000'000'000;
  std::vector<std::string> made;
  for (int i = 0; i < 5000; ++i) made.push_back(gen.next(t));
  for (std::size_t i = 1; i < made.size(); ++i) REQUIRE(made[i - 1] < made[i]);
  CHECK(made.front().size() == 26);
  CHECK(made.front().substr(0, 10) == made.back().substr(0, 10));  // same millisecond
  // The tail is random: two generators at the same instant still differ.
  ids::IdGenerator other;
  CHECK(other.next(t).substr(14) != ids::IdGenerator().next(t).substr(14));
}

TEST_CASE("ids keep increasing when the clock steps back") {
  ids::IdGenerator gen;
  const std::string late = gen.next(2'000'000);
  const std::string early = gen.next(1'000'000);
  CHECK(late < early);
  CHECK(late < gen.next(2'000'000));
}

TEST_CASE("ids from many threads at one instant are unique and strictly ordered per thread") {
  ids::IdGenerator gen;
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& out : per_thread)
    threads.emplace_back([&gen, &out] {
      for (int i = 0; i < 2000; ++i) out.push_back(gen.next(42));
    });
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : per_thread) {
    for (std::size_t i = 1; i < out.size(); ++i) CHECK(out[i - 1] < out[i]);
    all.insert(out.begin(), out.end());
  }
  CHECK(all.size() == 8000);
}

TEST_CASE("the process-wide generator orders ids of one millisecond too") {
  std::string previous = ids::new_id(1'795'000'000'000);
  for (int i = 0; i < 1000; ++i) {
    std::string next = ids::new_id(1'795'000'000'000);
    REQUIRE(previous < next);
    previous = std::move(next);
  }
}
