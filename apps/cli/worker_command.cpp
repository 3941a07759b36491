// crm worker [--once]: runs the background worker in this process until SIGTERM/SIGINT (or,
// with --once, until no job is due). A signal lets the running attempts finish and their
// results be written before the process exits 0.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include <boost/json/parse.hpp>

#include "commands.hpp"

namespace crm::cli {
namespace {

struct WorkerFlags {
  bool once = false;
  int threads = 1;
  int lease_seconds = 60;
  int batch = WorkerOptions{}.max_batch;
  bool test_handlers = false;
};

// SIGTERM and SIGINT, blocked in every thread of the process so that only sigwait sees them.
// Must run before any thread starts (the engine starts password-hashing threads).
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// For tests of the worker itself (lease expiry, SIGKILL and SIGTERM mid-job): `test.sleep`
// sleeps payload.ms milliseconds and succeeds.
void add_test_handlers(JobHandlers& handlers) {
  handlers.add("test.sleep", [](const JobContext& job) {
    const auto payload = boost::json::parse(job.payload_json);
    std::int64_t ms = 0;
    if (const auto* v = payload.as_object().if_contains("ms")) ms = v->to_number<std::int64_t>();
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    return JobResult::success();
  });
}

void print_summary(const WorkerCounters& c) {
  std::cerr << "crm worker: " << c.claimed << " attempts: " << c.succeeded << " succeeded, "
            << c.retried << " to retry, " << c.dead << " dead, " << c.dropped
            << " results refused (lease lost), " << c.released << " handed back\n";
}

void run_worker(CliContext& ctx, const WorkerFlags& flags) {
  const sigset_t signals = block_stop_signals();
  ctx.reserve_connections(flags.threads + 2);
  JobHandlers handlers = default_job_handlers();
  if (flags.test_handlers) add_test_handlers(handlers);
  WorkerOptions options;
  options.threads = flags.threads;
  options.lease_ms = flags.lease_seconds * kSecondMs;
  options.max_batch = flags.batch;
  Worker worker(ctx.engine(), std::move(handlers), options);

  if (flags.once) {
    std::atomic<bool> done{false};
    std::thread watcher([&] {
      const timespec tick{0, 200'000'000};
      while (!done) {
        if (sigtimedwait(&signals, nullptr, &tick) > 0) worker.request_stop();
      }
    });
    try {
      const auto ran = worker.run_once();
      std::cerr << "crm worker --once: ran " << ran << " jobs\n";
    } catch (...) {
      done = true;
      watcher.join();
      throw;
    }
    done = true;
    watcher.join();
    print_summary(worker.counters());
    return;
  }

  worker.start();
  std::cerr << "crm worker: " << flags.threads << " threads, lease " << flags.lease_seconds
            << " s; SIGTERM/SIGINT stops after the running attempts" << std::endl;
  int signal = 0;
  sigwait(&signals, &signal);
  std::cerr << "crm worker: stopping\n";
  worker.stop();
  print_summary(worker.counters());
}

}  // namespace

void add_worker_command(CLI::App& app, Action& selected) {
  auto flags = std::make_shared<WorkerFlags>();
  auto* cmd = app.add_subcommand("worker", "Run background jobs until SIGTERM (or --once)");
  cmd->add_flag("--once", flags->once, "Run the jobs due now, then exit");
  cmd->add_option("--threads", flags->threads, "Worker threads")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--lease-seconds", flags->lease_seconds,
                  "How long a claim holds a job before another worker may take it")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--batch", flags->batch, "Most jobs claimed at once")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  // Not in --help: handlers that only tests enqueue.
  cmd->add_flag("--test-handlers", flags->test_handlers)->group("");
  cmd->callback(
      [flags, &selected] { selected = [flags](CliContext& ctx) { run_worker(ctx, *flags); }; });
}

}  // namespace crm::cli
