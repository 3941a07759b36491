#pragma once
// Wakes workers of this process when a transaction that enqueued work commits, so new jobs
// start at once instead of at the next poll. Workers of other processes poll (at most a
// second apart).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace crm::jobs {

// Thread-safe.
class JobSignal {
 public:
  void notify() {
    {
      std::lock_guard lock(mu_);
      ++generation_;
    }
    cv_.notify_all();
  }
  std::uint64_t generation() {
    std::lock_guard lock(mu_);
    return generation_;
  }
  // Waits until notify() is called after `seen` was read, or `timeout` passes.
  void wait(std::uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return generation_ != seen; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;  // guarded by mu_
};

}  // namespace crm::jobs
