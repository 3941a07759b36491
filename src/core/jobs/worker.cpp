// The worker: claim a batch under a lease, run each job's handler outside any transaction,
// then, in one transaction, write the batch's results under the claim's lease token and claim
// the next batch; wait for a commit's wake-up or the poll interval when nothing is due.
//
// Threads: a listener thread waits for the engine's job signal (a commit that enqueued) or the
// poll interval and then wakes ONE idle worker thread; that thread claims until nothing is due,
// and wakes another whenever its claim came back full (more is probably waiting). So a single
// new job costs one claim, not one per thread, and a backlog brings every thread in. Worker
// threads share only the wake-ups, the atomic counters and the stop flag. Every exception is
// caught here: a failing database or handler never ends a thread, it is logged and retried.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <tuple>

#include "core/jobs/job_store.hpp"
#include "core/jobs/retry_policy.hpp"
#include "core/runtime.hpp"
#include "core/util/ids.hpp"
#include "crm/engine.hpp"
#include "crm/error.hpp"
#include "crm/worker.hpp"

namespace crm {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Attempts at writing a batch's results before giving up on them (the jobs then run again
// once their lease expires: at least once), and the first pause between attempts.
constexpr int kFlushAttempts = 5;
constexpr auto kFlushRetryDelay = std::chrono::milliseconds(100);

// How often a claiming loop also looks for expired leases (jobs of dead workers): they are
// rare, so most claims skip those two statements.
constexpr TimeMs kExpiryScanIntervalMs = kSecondMs;

// How long the listener lets further commits arrive before it wakes a thread: a burst of
// single-job transactions then costs one claim instead of one each, for 1 ms of latency.
constexpr auto kWakeCoalesce = std::chrono::milliseconds(1);

double jitter_unit() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

void validate(const WorkerOptions& o) {
  if (o.threads < 1) throw Error::invalid("worker threads must be at least 1");
  if (o.lease_ms < 100) throw Error::invalid("worker lease must be at least 100 ms");
  if (o.max_batch < 1) throw Error::invalid("worker batch must be at least 1");
  if (o.batch_window_ms < 1 || o.poll_interval_ms < 1 || o.stuck_check_interval_ms < 1)
    throw Error::invalid("worker intervals must be positive");
}

std::string describe(const jobs::ClaimedJob& job) {
  return "job " + job.id + " (" + job.kind + ") attempt " + std::to_string(job.attempt) + "/" +
         std::to_string(job.max_attempts);
}

// How many jobs one claim takes: as many as recent handler durations say fit in the batch
// window. Per thread.
class Pace {
 public:
  explicit Pace(const WorkerOptions& o)
      : window_ms_(static_cast<double>(o.batch_window_ms)),
        max_batch_(o.max_batch),
        avg_ms_(window_ms_ / 4) {}

  int batch() const {
    const double fit = window_ms_ / std::max(avg_ms_, 1e-3);
    return static_cast<int>(std::clamp(fit, 1.0, static_cast<double>(max_batch_)));
  }
  void observe(SteadyClock::duration took) {
    avg_ms_ = 0.8 * avg_ms_ + 0.2 * std::chrono::duration<double, std::milli>(took).count();
  }

 private:
  double window_ms_;
  int max_batch_;
  double avg_ms_;
};

// What one claiming loop (a worker thread, or run_once) carries from batch to batch: its pace,
// and the results not yet written. Results of a batch are written in the transaction of the
// next claim (one write transaction per batch instead of two), or on their own when the loop
// stops or a batch runs long.
struct Lane {
  explicit Lane(const WorkerOptions& o) : pace(o) {}
  Pace pace;
  std::vector<jobs::Outcome> results;
  TimeMs next_expiry_scan = 0;  // engine clock
};

struct BatchOutcome {
  std::int64_t ran = 0;  // attempts run
  bool changed = false;  // any job claimed or marked DEAD: more may be due
  bool full = false;     // the claim took as many jobs as it asked for
};

}  // namespace

struct Worker::Impl {
  Impl(Engine& e, JobHandlers h, WorkerOptions o)
      : engine(e),
        rt(e.runtime()),
        handlers(std::move(h)),
        options(o),
        created_at(rt.now()),
        next_stuck_check(created_at + kStuckRunAfterMs) {}

  Engine& engine;
  detail::Runtime& rt;
  const JobHandlers handlers;
  const WorkerOptions options;
  const TimeMs created_at;

  std::atomic<bool> stopping{false};
  std::atomic<TimeMs> next_stuck_check;

  std::mutex threads_mu;
  std::vector<std::thread> threads;  // guarded by threads_mu

  // Wake-ups for idle worker threads: each one sends one thread claiming.
  std::mutex idle_mu;
  std::condition_variable idle_cv;
  int wakeups = 0;  // guarded by idle_mu; at most options.threads

  std::atomic<std::int64_t> claimed{0}, succeeded{0}, retried{0}, dead{0}, released{0}, dropped{0};

  // Turns commits and poll ticks into wake-ups; reports stuck runs.
  void listener_main() {
    while (!stopping) {
      const auto seen = rt.job_signal.generation();
      wake_one();  // the claim it starts sees every commit up to `seen`
      report_stuck_runs();
      rt.job_signal.wait(seen, std::chrono::milliseconds(options.poll_interval_ms));
      // Commits that come in a burst share one claim.
      std::this_thread::sleep_for(kWakeCoalesce);
    }
  }

  void wake_one() {
    {
      std::lock_guard lock(idle_mu);
      wakeups = std::min(wakeups + 1, options.threads);
    }
    idle_cv.notify_one();
  }

  void thread_main() {
    Lane lane(options);
    for (;;) {
      {
        std::unique_lock lock(idle_mu);
        idle_cv.wait(lock, [&] { return wakeups > 0 || stopping; });
        if (stopping) break;
        --wakeups;
      }
      try {
        while (!stopping) {  // claim until nothing is due
          const BatchOutcome batch = run_batch(lane);
          if (batch.full) wake_one();
          if (!batch.changed) break;
        }
      } catch (const std::exception& e) {
        // Back to idle; the next poll tick tries again.
        rt.log().error(std::string("worker: claiming jobs failed: ") + e.what());
      }
    }
    write_results(lane.results);
  }

  std::int64_t run_once() {
    Lane lane(options);
    std::int64_t total = 0;
    try {
      while (!stopping) {
        const BatchOutcome batch = run_batch(lane);
        total += batch.ran;
        if (!batch.changed) break;
      }
    } catch (...) {
      write_results(lane.results);
      throw;
    }
    write_results(lane.results);
    report_stuck_runs();
    return total;
  }

  // Writes the lane's pending results and claims the next batch (one transaction), then runs
  // the batch, leaving its results pending.
  BatchOutcome run_batch(Lane& lane) {
    const std::string token = ids::random_token(16);
    const int limit = lane.pace.batch();
    const TimeMs now = rt.now();
    const bool scan_expired = now >= lane.next_expiry_scan;
    if (scan_expired) lane.next_expiry_scan = now + kExpiryScanIntervalMs;
    std::vector<bool> written;
    jobs::Claim claim;
    try {
      std::tie(written, claim) = rt.db->write([&](sql::Transaction& tx) {
        auto recorded = jobs::finish_all(tx, lane.results, now);
        jobs::Claim c;
        if (!stopping) c = jobs::claim_due(tx, now, options.lease_ms, token, limit, scan_expired);
        return std::make_pair(std::move(recorded), std::move(c));
      });
    } catch (const std::exception&) {
      write_results(lane.results);  // on their own, with retries
      throw;
    }
    report_all(lane.results, written);
    for (const auto& [id, kind] : claim.expired_dead) {
      ++dead;
      rt.log().warning("job " + id + " (" + kind +
                       ") DEAD: " + std::string(jobs::kLeaseExpiredError));
    }
    claimed += static_cast<std::int64_t>(claim.jobs.size());
    const bool full = static_cast<int>(claim.jobs.size()) == limit;
    // A full claim that looked at expired leases may have left some: look again next time.
    if (scan_expired && full) lane.next_expiry_scan = now;

    auto oldest_result = SteadyClock::now();
    std::size_t next = 0;
    while (next < claim.jobs.size()) {
      const jobs::ClaimedJob& job = claim.jobs[next];
      // Start no attempt that could outlive its lease: another worker may claim it then.
      if (stopping || rt.now() > job.lease_until - options.lease_ms / 4) break;
      // A batch running longer than planned does not sit on its results.
      if (!lane.results.empty() && SteadyClock::now() - oldest_result >=
                                       std::chrono::milliseconds(options.batch_window_ms)) {
        write_results(lane.results);
      }
      if (lane.results.empty()) oldest_result = SteadyClock::now();
      // The next jobs of this kind, as many as its handler runs together (usually one).
      JobHandler* handler = handlers.find(job.kind);
      const std::size_t group =
          handler ? static_cast<std::size_t>(std::max(1, handler->max_batch())) : 1;
      std::size_t end = next + 1;
      while (end < claim.jobs.size() && end - next < group && claim.jobs[end].kind == job.kind)
        ++end;
      const auto started = SteadyClock::now();
      const std::vector<jobs::Decision> decisions =
          end - next == 1 ? std::vector<jobs::Decision>{run_attempt(job)}
                          : run_attempts(*handler, claim.jobs, next, end);
      const auto each = (SteadyClock::now() - started) / static_cast<int>(end - next);
      for (std::size_t i = next; i < end; ++i) {
        lane.results.push_back({claim.jobs[i], decisions[i - next]});
        lane.pace.observe(each);
      }
      next = end;
    }
    if (next < claim.jobs.size()) {
      write_results(lane.results);
      hand_back(std::vector<jobs::ClaimedJob>(claim.jobs.begin() + static_cast<long>(next),
                                              claim.jobs.end()));
    }
    return {static_cast<std::int64_t>(next), !claim.jobs.empty() || !claim.expired_dead.empty(),
            full};
  }

  jobs::Decision run_attempt(const jobs::ClaimedJob& job) {
    JobHandler* handler = handlers.find(job.kind);
    if (!handler) return {jobs::Decision::Next::kDead, 0, jobs::no_handler_error(job.kind)};
    const JobContext context{engine,      job.id,           job.kind,       job.payload_json,
                             job.attempt, job.max_attempts, job.lease_until};
    JobResult result = JobResult::success();
    try {
      result = handler->run(context);
    } catch (const Error& e) {
      result = JobResult::from_error(e);
    } catch (const std::exception& e) {
      result = JobResult::transient(e.what());
    } catch (...) {
      result = JobResult::transient("the handler threw a non-standard exception");
    }
    return jobs::decide(result, job.attempt, job.max_attempts, rt.now(), jitter_unit());
  }

  // Jobs [from, to) of `claimed`, all of `handler`'s kind, through JobHandler::run_batch.
  std::vector<jobs::Decision> run_attempts(JobHandler& handler,
                                           const std::vector<jobs::ClaimedJob>& claimed,
                                           std::size_t from, std::size_t to) {
    std::vector<JobContext> contexts;
    for (std::size_t i = from; i < to; ++i) {
      const jobs::ClaimedJob& job = claimed[i];
      contexts.push_back({engine, job.id, job.kind, job.payload_json, job.attempt, job.max_attempts,
                          job.lease_until});
    }
    std::vector<JobResult> results;
    try {
      results = handler.run_batch(contexts);
    } catch (const Error& e) {
      results.assign(contexts.size(), JobResult::from_error(e));
    } catch (const std::exception& e) {
      results.assign(contexts.size(), JobResult::transient(e.what()));
    } catch (...) {
      results.assign(contexts.size(),
                     JobResult::transient("the handler threw a non-standard exception"));
    }
    if (results.size() != contexts.size())
      results.assign(
          contexts.size(),
          JobResult::transient("the handler's batch returned the wrong number of results"));
    std::vector<jobs::Decision> out;
    for (std::size_t i = from; i < to; ++i)
      out.push_back(jobs::decide(results[i - from], claimed[i].attempt, claimed[i].max_attempts,
                                 rt.now(), jitter_unit()));
    return out;
  }

  // Writes `results` in a transaction of their own, each under its claim's token, and clears
  // them. Retried a few times when the database fails; after that the jobs run again once
  // their leases expire.
  void write_results(std::vector<jobs::Outcome>& results) {
    if (results.empty()) return;
    for (int attempt = 1;; ++attempt) {
      try {
        const std::vector<bool> written = rt.db->write(
            [&](sql::Transaction& tx) { return jobs::finish_all(tx, results, rt.now()); });
        report_all(results, written);
        return;
      } catch (const std::exception& e) {
        if (attempt >= kFlushAttempts) {
          rt.log().error("worker: could not record the results of " +
                         std::to_string(results.size()) +
                         " jobs; they run again when their leases expire: " + e.what());
          results.clear();
          return;
        }
        rt.log().warning(std::string("worker: recording job results failed, retrying: ") +
                         e.what());
        std::this_thread::sleep_for(kFlushRetryDelay * (1 << (attempt - 1)));
      }
    }
  }

  // Counts and logs recorded results (written[i] for results[i]), and clears them.
  void report_all(std::vector<jobs::Outcome>& results, const std::vector<bool>& written) {
    for (std::size_t i = 0; i < results.size(); ++i) report(results[i], written[i]);
    results.clear();
  }

  void report(const jobs::Outcome& f, bool written) {
    using Next = jobs::Decision::Next;
    if (!written) {
      ++dropped;
      rt.log().warning(describe(f.job) +
                       ": result dropped, the lease token is no longer current (the lease "
                       "expired and the job was claimed again, or it was canceled)");
      return;
    }
    switch (f.decision.next) {
      case Next::kSucceeded:
        ++succeeded;
        break;
      case Next::kRetry:
        ++retried;
        rt.log().info(describe(f.job) + " failed, retry at " + format_iso(f.decision.run_at) +
                      ": " + f.decision.error);
        break;
      case Next::kDead:
        ++dead;
        rt.log().warning(describe(f.job) + " DEAD: " + f.decision.error);
        break;
    }
  }

  // Returns claimed jobs that were not started (stopping, or their lease ran short).
  void hand_back(const std::vector<jobs::ClaimedJob>& unstarted) {
    try {
      const TimeMs now = rt.now();
      const auto n = rt.db->write([&](sql::Transaction& tx) {
        std::int64_t count = 0;
        for (const auto& job : unstarted) count += jobs::release(tx, job, now) ? 1 : 0;
        return count;
      });
      released += n;
    } catch (const std::exception& e) {
      rt.log().warning("worker: could not hand back " + std::to_string(unstarted.size()) +
                       " unstarted jobs; they run when their leases expire: " + e.what());
    }
  }

  // Logs sequence runs overdue by more than kStuckRunAfterMs, at most once per check
  // interval, and only once this worker has run that long itself (earlier, an overdue run may
  // just be waiting from before the worker started).
  void report_stuck_runs() {
    const TimeMs now = rt.now();
    TimeMs due = next_stuck_check.load();
    if (now < due ||
        !next_stuck_check.compare_exchange_strong(due, now + options.stuck_check_interval_ms))
      return;
    try {
      auto tx = rt.db->read();
      const TimeMs before = now - kStuckRunAfterMs;
      const std::int64_t n = jobs::count_stuck_runs(tx->connection(), before);
      if (n == 0) return;
      const auto oldest = jobs::oldest_stuck_runs(tx->connection(), before, 1);
      rt.log().warning("worker: " + std::to_string(n) +
                       " sequence runs are stuck (due more than 10 minutes ago); oldest: run " +
                       oldest.front().id + " due " + format_iso(oldest.front().next_run_at));
    } catch (const std::exception& e) {
      rt.log().warning(std::string("worker: checking for stuck sequence runs failed: ") + e.what());
    }
  }
};

Worker::Worker(Engine& engine, JobHandlers handlers, WorkerOptions options) {
  validate(options);
  impl_ = std::make_unique<Impl>(engine, std::move(handlers), options);
}

Worker::~Worker() { stop(); }

void Worker::start() {
  std::lock_guard lock(impl_->threads_mu);
  if (!impl_->threads.empty() || impl_->stopping) return;
  Impl* impl = impl_.get();
  for (int i = 0; i < impl->options.threads; ++i)
    impl->threads.emplace_back([impl] { impl->thread_main(); });
  impl->threads.emplace_back([impl] { impl->listener_main(); });
}

void Worker::request_stop() {
  impl_->stopping = true;
  impl_->rt.job_signal.notify();  // wakes the listener
  {
    std::lock_guard lock(impl_->idle_mu);  // no idle thread misses the flag between check and wait
  }
  impl_->idle_cv.notify_all();
}

void Worker::stop() {
  request_stop();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(impl_->threads_mu);
    threads.swap(impl_->threads);
  }
  for (auto& t : threads) t.join();
}

std::int64_t Worker::run_once() { return impl_->run_once(); }

WorkerCounters Worker::counters() const {
  return {impl_->claimed, impl_->succeeded, impl_->retried,
          impl_->dead,    impl_->released,  impl_->dropped};
}

}  // namespace crm
