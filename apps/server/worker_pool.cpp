#include "worker_pool.hpp"

#include <cstdio>
#include <exception>
#include <optional>

namespace crm::server {

WorkerPool::WorkerPool(unsigned threads, std::size_t max_queued) : max_queued_(max_queued) {
  if (threads == 0) threads = 1;
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::try_submit_job(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) return false;
    queue_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::stop() {
  std::deque<Job> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  // `dropped` is destroyed here, outside the lock: a job's destructor may release resources
  // that call back into code which submits (and is refused).
}

void WorkerPool::run() {
  for (;;) {
    std::optional<Job> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job.emplace(std::move(queue_.front()));
      queue_.pop_front();
    }
    try {
      (*job)();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "crm-server: request job failed: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "crm-server: request job failed\n");
    }
  }
}

}  // namespace crm::server
