#include "core/security/password_pool.hpp"

#include <exception>
#include <future>

#include "core/security/password.hpp"
#include "crm/error.hpp"

namespace crm {

PasswordPool::PasswordPool(int threads, int queue_capacity)
    : max_in_flight_(static_cast<std::size_t>(std::max(threads, 1) + std::max(queue_capacity, 0))) {
  for (int i = 0; i < std::max(threads, 1); ++i) threads_.emplace_back([this] { run_worker(); });
}

PasswordPool::~PasswordPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void PasswordPool::run_worker() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
  }
}

void PasswordPool::submit_and_wait(const std::function<void()>& work) {
  std::promise<void> done;
  auto finished = done.get_future();
  {
    std::lock_guard lock(mu_);
    if (in_flight_ >= max_in_flight_)
      throw Error::unavailable("Too many password checks at once, try again shortly")
          .with_retry_after(1);
    ++in_flight_;
    queue_.emplace_back([&] {
      std::exception_ptr failure;
      try {
        work();
      } catch (...) {
        failure = std::current_exception();
      }
      {
        // Counted out before the caller wakes, so its next call finds the room it left.
        std::lock_guard done_lock(mu_);
        --in_flight_;
      }
      if (failure)
        done.set_exception(failure);
      else
        done.set_value();
    });
  }
  cv_.notify_one();
  finished.get();  // rethrows what `work` threw
}

std::size_t PasswordPool::in_flight() {
  std::lock_guard lock(mu_);
  return in_flight_;
}

std::string PasswordPool::hash(std::string_view password, int cost) {
  std::string out;
  submit_and_wait([&] { out = password::hash(password, cost); });
  return out;
}

bool PasswordPool::verify(std::string_view password, std::string_view stored_hash) {
  bool ok = false;
  submit_and_wait([&] { ok = password::verify(password, stored_hash); });
  return ok;
}

}  // namespace crm
