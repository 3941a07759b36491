#pragma once
// Races in tests: `n` threads released together, each running `body(i)`.

#include <barrier>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace crm::test {

// Runs `body(i)` on `n` threads released together, and counts the statuses it returns.
template <class F>
std::map<int, int> race(int n, F body) {
  std::barrier start(n);
  std::mutex mu;
  std::map<int, int> statuses;
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      const int status = body(i);
      std::lock_guard lock(mu);
      ++statuses[status];
    });
  for (auto& t : threads) t.join();
  return statuses;
}

}  // namespace crm::test
