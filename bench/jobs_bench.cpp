// Background job throughput: jobs per second through enqueue -> claim -> handler (no-op) ->
// finish, on a SQLite file and (with --postgres URL or CRM_BENCH_POSTGRES_URL) on PostgreSQL,
// with 1 and 4 worker threads, in one run. Prints a Markdown table (docs/performance.md).
//
// Usage: jobs_bench [--jobs=N] [--postgres=URL] [--repeat=N]
//
// Each run gets a fresh database (a temporary SQLite file; a fresh PostgreSQL schema, dropped
// afterwards), one engine, one Worker with the given threads and a handler that does nothing.
// Modes:
//   reference  only the producer, no worker: what enqueueing alone costs (1 or 100 jobs/tx).
//   drain      N jobs enqueued first (transactions of 500); the clock runs from start() until
//              the last result is recorded: claim + handler + finish only.
//   tx-of-1    a producer thread enqueues one job per write transaction (as a business write
//              that enqueues one effect would) while the worker runs; the clock runs from the
//              first enqueue to the last recorded result.
//   tx-of-100  the same with 100 jobs per transaction.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_database.hpp"
#include "core/jobs/outbox.hpp"
#include "core/runtime.hpp"
#include "crm/crm.hpp"

namespace {

using namespace crm;
using SteadyClock = std::chrono::steady_clock;

using bench::Database;
using bench::drop_database;
using bench::flag;

Database fresh_database(const std::string& postgres_url, int n) {
  return bench::fresh_database(postgres_url, "jobs_bench", n);
}

enum class Mode { kEnqueueOnly1, kEnqueueOnly100, kDrain, kTxOf1, kTxOf100 };

const char* name(Mode m) {
  switch (m) {
    case Mode::kEnqueueOnly1:
      return "enqueue 1 job/tx, no worker (reference)";
    case Mode::kEnqueueOnly100:
      return "enqueue 100 jobs/tx, no worker (reference)";
    case Mode::kDrain:
      return "drain (pre-enqueued)";
    case Mode::kTxOf1:
      return "enqueue 1 job/tx";
    case Mode::kTxOf100:
      return "enqueue 100 jobs/tx";
  }
  return "";
}

void enqueue_range(Engine& engine, int from, int to) {
  engine.database().write([&](sql::Transaction& tx) {
    for (int i = from; i < to; ++i)
      jobs::enqueue(tx, engine.runtime(), {"bench.noop", {{"n", i}}, "", std::nullopt});
  });
}

// Seconds for `jobs` jobs to go through the pipeline.
double run(const Database& db, Mode mode, int threads, int jobs) {
  auto engine = bench::open_engine(db, threads);

  JobHandlers handlers;
  handlers.add("bench.noop", [](const JobContext&) { return JobResult::success(); });
  WorkerOptions wo;
  wo.threads = threads;
  Worker worker(*engine, std::move(handlers), wo);

  const int per_tx = mode == Mode::kTxOf100 || mode == Mode::kEnqueueOnly100 ? 100
                     : mode == Mode::kDrain                                  ? 500
                                                                             : 1;
  if (mode == Mode::kDrain)
    for (int i = 0; i < jobs; i += per_tx) enqueue_range(*engine, i, std::min(jobs, i + per_tx));

  const auto start = SteadyClock::now();
  if (mode == Mode::kEnqueueOnly1 || mode == Mode::kEnqueueOnly100) {
    for (int i = 0; i < jobs; i += per_tx) enqueue_range(*engine, i, std::min(jobs, i + per_tx));
    return std::chrono::duration<double>(SteadyClock::now() - start).count();
  }
  worker.start();
  std::thread producer;
  if (mode != Mode::kDrain) {
    producer = std::thread([&] {
      for (int i = 0; i < jobs; i += per_tx) enqueue_range(*engine, i, std::min(jobs, i + per_tx));
    });
  }
  while (worker.counters().succeeded < jobs)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (producer.joinable()) producer.join();
  worker.stop();
  const auto c = worker.counters();
  if (c.succeeded != jobs || c.dropped != 0 || c.dead != 0 || c.retried != 0)
    std::fprintf(stderr,
                 "unexpected counters: %lld succeeded, %lld dropped, %lld dead, %lld retried\n",
                 static_cast<long long>(c.succeeded), static_cast<long long>(c.dropped),
                 static_cast<long long>(c.dead), static_cast<long long>(c.retried));
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const int jobs = std::stoi(flag(argc, argv, "--jobs", "20000"));
  const int repeat = std::stoi(flag(argc, argv, "--repeat", "1"));
  const char* env_pg = std::getenv("CRM_BENCH_POSTGRES_URL");
  const std::string postgres = flag(argc, argv, "--postgres", env_pg ? env_pg : "");

  std::vector<std::pair<std::string, std::string>> engines{{"SQLite", ""}};
  if (!postgres.empty()) engines.emplace_back("PostgreSQL", postgres);

  std::printf("| engine | workers | mode | jobs | seconds | jobs/s |\n");
  std::printf("|--------|--------:|------|-----:|--------:|-------:|\n");
  int n = 0;
  for (const auto& [engine_name, url] : engines) {
    for (const Mode mode :
         {Mode::kEnqueueOnly1, Mode::kEnqueueOnly100, Mode::kDrain, Mode::kTxOf1, Mode::kTxOf100}) {
      const bool reference = mode == Mode::kEnqueueOnly1 || mode == Mode::kEnqueueOnly100;
      for (const int threads : {1, 4}) {
        if (reference && threads != 1) continue;
        for (int r = 0; r < repeat; ++r) {
          const Database db = fresh_database(url, ++n);
          const double seconds = run(db, mode, threads, jobs);
          drop_database(db);
          std::printf("| %s | %s | %s | %d | %.2f | %.0f |\n", engine_name.c_str(),
                      reference ? "-" : std::to_string(threads).c_str(), name(mode), jobs, seconds,
                      jobs / seconds);
          std::fflush(stdout);
        }
      }
    }
  }
  return 0;
}
