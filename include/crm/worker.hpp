#pragma once
// The background worker (DOMAIN.md §17): claims due jobs under a lease, runs the handler
// registered for each job's kind, and records the outcome under the lease token it claimed the
// job with. Embedders register handlers and run a Worker beside (or apart from) their servers.
//
//   crm::JobHandlers handlers = crm::default_job_handlers();
//   handlers.add("email.welcome", [&](const crm::JobContext& job) {
//     const auto response = send_welcome_mail(job.payload_json, job.idempotency_key());
//     return crm::JobResult::http(response.status, response.body, response.retry_after);
//   });
//   crm::Worker worker(*engine, std::move(handlers), {.threads = 2});
//   worker.start();  ...  worker.stop();

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crm/time.hpp"

namespace crm {

class Engine;
class Error;

// One attempt of one job, as its handler sees it. Valid during JobHandler::run only.
struct JobContext {
  Engine& engine;
  std::string_view id;
  std::string_view kind;
  std::string_view payload_json;  // the JSON object given to enqueue
  int attempt = 1;                // 1 for the first attempt
  int max_attempts = 1;
  // The claim holds until then; past it another worker may run the job too. Bound provider
  // timeouts by it.
  TimeMs lease_until = 0;

  // Send this to providers that accept an idempotency key: it is the same for every attempt
  // of the job, so a retried attempt after a lost response has effect once (delivery is at
  // least once).
  std::string idempotency_key() const { return "job-" + std::string(id); }
};

// What an attempt came to. A handler reports success, a transient failure (retried with
// exponential backoff and jitter), a permanent one (no retry: DEAD at once), or asks for a
// retry after a given delay.
class JobResult {
 public:
  enum class Kind { kSuccess, kTransient, kPermanent, kRetryAfter };

  static JobResult success() { return JobResult(Kind::kSuccess, {}, std::nullopt, std::nullopt); }
  static JobResult transient(std::string error) {
    return JobResult(Kind::kTransient, std::move(error), std::nullopt, std::nullopt);
  }
  static JobResult permanent(std::string error) {
    return JobResult(Kind::kPermanent, std::move(error), std::nullopt, std::nullopt);
  }
  // Retry no earlier than `seconds` from now (clamped to 0..24 h), still counting attempts.
  static JobResult retry_after(std::int64_t seconds, std::string error);

  // The outcome of a provider's HTTP answer: 2xx success; 408 and 429 transient; any other
  // 4xx permanent (the request itself is wrong; sending it again cannot help); 5xx and
  // anything else transient. A Retry-After (seconds) is honoured on 429 and 503.
  static JobResult http(int status, std::string_view error = {},
                        std::optional<std::int64_t> retry_after_seconds = std::nullopt);

  // A crm::Error thrown by a handler (e.g. from an engine service): client-side codes
  // (invalid argument, not found, permission denied, conflict, not configured, ...) are
  // permanent; lost races, unavailability, upstream and internal errors transient;
  // kRateLimited honours its retry-after.
  static JobResult from_error(const Error& error);

  Kind kind() const { return kind_; }
  const std::string& error() const { return error_; }
  std::optional<std::int64_t> retry_after_seconds() const { return retry_after_seconds_; }
  std::optional<int> http_status() const { return http_status_; }

 private:
  JobResult(Kind kind, std::string error, std::optional<std::int64_t> retry_after,
            std::optional<int> http_status)
      : kind_(kind),
        error_(std::move(error)),
        retry_after_seconds_(retry_after),
        http_status_(http_status) {}

  Kind kind_;
  std::string error_;
  std::optional<std::int64_t> retry_after_seconds_;
  std::optional<int> http_status_;
};

// Runs jobs of one kind. Called from several worker threads at once (so it must be
// thread-safe) and never inside a database transaction: it may call engine services and
// providers. It may throw: a crm::Error is classified by JobResult::from_error, any other
// exception is a transient failure.
class JobHandler {
 public:
  virtual ~JobHandler() = default;
  virtual JobResult run(const JobContext& job) = 0;

  // Handlers that gain from running several jobs together (one transaction for many) say how
  // many they take at once; the worker then hands run_batch() up to that many consecutive jobs
  // of this kind from one claim, started together (each attempt counted as usual). Default 1:
  // run() one job at a time.
  virtual int max_batch() const { return 1; }
  // One result per job, in order. The same rules as run(); an exception gives every job of the
  // call its classification. The default calls run() for each.
  virtual std::vector<JobResult> run_batch(std::span<const JobContext> jobs);
};

// Handlers by kind. Not thread-safe while being filled; read-only once given to a Worker.
class JobHandlers {
 public:
  using Function = std::function<JobResult(const JobContext&)>;

  // Registers (or replaces) the handler of `kind`.
  JobHandlers& add(std::string kind, std::shared_ptr<JobHandler> handler);
  JobHandlers& add(std::string kind, Function function);

  // Null when no handler is registered for `kind`.
  JobHandler* find(std::string_view kind) const;
  std::vector<std::string> kinds() const;

 private:
  std::map<std::string, std::shared_ptr<JobHandler>, std::less<>> handlers_;
};

// The handlers of the job kinds the engine's own features enqueue. Every worker on a database
// must register at least these: a job of a kind its worker has no handler for goes DEAD.
JobHandlers default_job_handlers();

struct WorkerOptions {
  // Threads that claim and run jobs (start()). run_once() uses the calling thread instead.
  int threads = 1;
  // How long a claim holds a job. A worker that dies (or stalls) past it loses the job to
  // the next claim; its late result is then refused. Handlers must end well within it.
  TimeMs lease_ms = 60 * kSecondMs;
  // Most jobs one claim takes. A thread claims as many as it expects to run in
  // `batch_window_ms` (by the handlers' recent durations), from 1 up to this.
  int max_batch = 256;
  TimeMs batch_window_ms = 500;
  // Without a wake-up from a commit in this process, look for due work this often (due
  // retries, jobs enqueued by other processes). Values above 1 s are for tests.
  TimeMs poll_interval_ms = 1000;
  // How often to look for stuck sequence runs (logged as warnings).
  TimeMs stuck_check_interval_ms = kMinuteMs;
};

// What one Worker has done since it was made. Counters only grow.
struct WorkerCounters {
  std::int64_t claimed = 0;    // attempts started
  std::int64_t succeeded = 0;  // jobs finished SUCCEEDED
  std::int64_t retried = 0;    // attempts that failed and were rescheduled
  std::int64_t dead = 0;       // jobs this worker marked DEAD
  std::int64_t released = 0;   // claimed jobs handed back unstarted (stop, lease running out)
  std::int64_t dropped = 0;    // results refused: the lease token was no longer current
};

// Several Workers (threads of one process, or processes) may run on one database: a job is
// claimed by one of them at a time, and a job whose worker died is claimed again when its
// lease expires. Delivery is at least once. The Worker must be stopped (or destroyed) before
// its Engine is destroyed. Thread-safe.
class Worker {
 public:
  Worker(Engine& engine, JobHandlers handlers, WorkerOptions options = {});
  // Stops the worker (see stop()).
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Starts options.threads background threads. They wake when a transaction of this engine
  // that enqueued work commits, and otherwise poll. Does nothing when already started.
  void start();

  // Asks the threads (and a run_once() in progress) to stop without waiting: no new attempt
  // starts; claimed jobs not yet started are handed back. Safe to call from any thread. A
  // stopped worker stays stopped (start() and run_once() then do nothing).
  void request_stop();

  // request_stop(), then waits for the attempts in progress to finish and their results to
  // be written, and joins the threads. Idempotent.
  void stop();

  // Runs due jobs on the calling thread until none is due (or stop is requested); returns
  // the number of attempts it ran. For cron-style runs (`crm worker --once`) and tests.
  std::int64_t run_once();

  WorkerCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crm
