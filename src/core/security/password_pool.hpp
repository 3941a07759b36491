#pragma once
// bcrypt on a few dedicated threads, apart from the request handlers, behind a bounded queue.
//
// A hash costs ~250 ms of CPU at cost 12; unbounded, anonymous clients could keep every core
// busy hashing. Here at most `threads` hashes run at once and at most `queue_capacity` wait:
// past that a caller gets kUnavailable (503 + Retry-After) at once, so a flood of logins never
// holds the handler threads that serve signed-in users.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace crm {

// Thread-safe. The destructor finishes queued work, then joins its threads.
class PasswordPool {
 public:
  PasswordPool(int threads, int queue_capacity);
  ~PasswordPool();
  PasswordPool(const PasswordPool&) = delete;
  PasswordPool& operator=(const PasswordPool&) = delete;

  // password::hash / password::verify on a pool thread; blocks the caller until done.
  // Throws kUnavailable (retry after 1 s) when the queue is full.
  std::string hash(std::string_view password, int cost);
  bool verify(std::string_view password, std::string_view stored_hash);

  // Hash requests running or waiting right now (for tests and metrics).
  std::size_t in_flight();

 private:
  void submit_and_wait(const std::function<void()>& work);
  void run_worker();

  const std::size_t max_in_flight_;  // threads + queue capacity: running or waiting
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  std::size_t in_flight_ = 0;                // guarded by mu_: queued or running
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace crm
