#include "core/security/password_pool.hpp"

#include <exception>
#include <future>

#include "core/security/password.hpp"
#include "crm/error.hpp"

namespace crm {

PasswordPool::PasswordPool(int threads, int queue_capacity)
    : queue_capacity_(static_cast<std::size_t>(std::max(queue_capacity, 1))) {
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
    if (queue_.size() >= queue_capacity_)
      throw Error::unavailable("Too many password checks at once, try again shortly")
          .with_retry_after(1);
    queue_.emplace_back([&] {
      std::exception_ptr failure;
      try {
        work();
      } catch (...) {
        failure = std::current_exception();
      }
      {
        std::lock_guard done_lock(mu_);
        --in_flight_;
      }
      if (failure)
        done.set_exception(failure);
      else
        done.set_value();
    });
    ++in_flight_;
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
