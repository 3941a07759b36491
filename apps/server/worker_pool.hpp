#pragma once
// The threads that run request handlers (rest::Api::handle and ::precheck), which block on the
// database, so that the I/O threads only ever move bytes and a slow handler never stalls other
// connections.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace crm::server {

// A fixed set of threads taking jobs from one bounded FIFO queue. Thread-safe.
class WorkerPool {
 public:
  // A move-only callable (std::function needs copyable ones; jobs own move-only state).
  class Job {
   public:
    template <class F>
    explicit Job(F f) : impl_(std::make_unique<Impl<F>>(std::move(f))) {}
    void operator()() { impl_->run(); }

   private:
    struct Base {
      virtual ~Base() = default;
      virtual void run() = 0;
    };
    template <class F>
    struct Impl final : Base {
      explicit Impl(F f) : f(std::move(f)) {}
      void run() override { f(); }
      F f;
    };
    std::unique_ptr<Base> impl_;
  };

  // Starts `threads` threads (at least one). At most `max_queued` jobs wait for a thread.
  WorkerPool(unsigned threads, std::size_t max_queued);
  // stop().
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`. False when the queue is full or the pool stopped: the job is then destroyed
  // without running. A job that throws is reported on stderr; its thread carries on.
  template <class F>
  bool try_submit(F job) {
    return try_submit_job(Job(std::move(job)));
  }

  // Takes no more jobs, lets the running ones finish, destroys the queued ones unrun, and joins
  // the threads. Idempotent. Not to be called from a job.
  void stop();

  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }

 private:
  bool try_submit_job(Job job);
  void run();

  const std::size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace crm::server
