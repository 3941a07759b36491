// Sequence step throughput (docs/performance.md): N runs whose current step is a due
// CREATE_TASK step, each a "sequence.step" job, processed by a crm::Worker with the engine's
// own handlers: per step the run is locked and checked, the task created, the step logged
// (sequence_step_executed), and the run advanced to its next step, which is scheduled as a
// new job. Target: 10,000 steps in under 2 s on SQLite.
//
// Usage: sequence_bench [--steps=N] [--threads=1,2] [--repeat=N] [--postgres=URL]
//   (or CRM_BENCH_POSTGRES_URL; without it SQLite only)
//
// Each run gets a fresh database (a temporary SQLite file; a fresh PostgreSQL schema, dropped
// afterwards). The runs, their leads and their jobs are inserted first (1,000 per
// transaction, outside the clock); the clock runs from Worker::start() until N jobs are
// recorded SUCCEEDED. The run then checks that every run is at step 2 with one task.

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>
#include <vector>

#include "bench_database.hpp"
#include "core/jobs/outbox.hpp"
#include "core/runtime.hpp"
#include "crm/crm.hpp"

namespace {

using namespace crm;
using SteadyClock = std::chrono::steady_clock;

constexpr int kPerTransaction = 1000;
constexpr std::string_view kSteps =
    R"([{"stepNumber":1,"delayMinutes":0,"action":"CREATE_TASK","templateSlug":null,)"
    R"("task":{"title":"Call","taskType":"CALL","priority":"MEDIUM","durationMin":15},"branches":[]},)"
    R"({"stepNumber":2,"delayMinutes":1440,"action":"CREATE_TASK","templateSlug":null,)"
    R"("task":{"title":"Call again","taskType":"CALL","priority":"MEDIUM","durationMin":15},"branches":[]}])";

void seed(Engine& engine, int steps) {
  auto& rt = engine.runtime();
  const TimeMs now = rt.now();
  engine.database().write([&](sql::Transaction& tx) {
    tx.query(
        "INSERT INTO users (id, email, password_hash, first_name, role, created_at, updated_at) "
        "VALUES ('bench-rep', 'rep@bench.example', 'x', 'Rep', 'REP', ?, ?)",
        now, now);
    tx.query(
        "INSERT INTO tags (id, slug, name, category, created_at, updated_at) VALUES "
        "('bench-tag', 'bench', 'Bench', 'CUSTOM', ?, ?)",
        now, now);
    tx.query(
        "INSERT INTO sequences (id, tag_slug, name, is_active, steps, created_at, updated_at) "
        "VALUES ('bench-seq', 'bench', 'Bench', 1, ?, ?, ?)",
        std::string(kSteps), now, now);
  });
  for (int from = 0; from < steps; from += kPerTransaction) {
    engine.database().write([&](sql::Transaction& tx) {
      for (int i = from; i < std::min(steps, from + kPerTransaction); ++i) {
        const std::string n = std::to_string(i);
        tx.query(
            "INSERT INTO contacts (id, first_name, full_name, email, email_normalized, created_at, "
            "updated_at) VALUES (?, 'Lead', 'Lead', ?, ?, ?, ?)",
            "c" + n, "lead" + n + "@bench.example", "lead" + n + "@bench.example", now, now);
        tx.query(
            "INSERT INTO leads (id, contact_id, owner_id, stage, created_at, updated_at) VALUES "
            "(?, ?, 'bench-rep', 'CONTACTED', ?, ?)",
            "l" + n, "c" + n, now, now);
        tx.query(
            "INSERT INTO sequence_runs (id, lead_id, tag_slug, status, current_step, next_run_at, "
            "step_due_at, started_at, started_by_id, generation, updated_at) VALUES "
            "(?, ?, 'bench', 'ACTIVE', 1, ?, ?, ?, 'bench-rep', 1, ?)",
            "r" + n, "l" + n, now, now, now, now);
        jobs::enqueue(tx, rt,
                      {"sequence.step",
                       boost::json::object{{"runId", "r" + n}, {"step", 1}, {"generation", 1}},
                       "seq-step:r" + n + ":1:1", now});
      }
    });
  }
}

// CPU seconds (user + system) of this process so far, every thread.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Result {
  double seconds = 0;
  double cpu = 0;  // of this process while the worker ran (the database server's not included)
  bool ok = false;
  std::string problem;
};

Result run(const bench::Database& db, int threads, int steps) {
  auto engine = bench::open_engine(db, threads);
  seed(*engine, steps);

  WorkerOptions wo;
  wo.threads = threads;
  Worker worker(*engine, default_job_handlers(), wo);
  const auto start = SteadyClock::now();
  const double cpu_start = cpu_seconds();
  worker.start();
  while (worker.counters().succeeded < steps)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  Result r;
  r.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  r.cpu = cpu_seconds() - cpu_start;
  worker.stop();

  auto tx = engine->database().read();
  const auto count = [&](const char* sql) { return tx->query(sql).first().integer("n"); };
  const auto advanced =
      count("SELECT COUNT(*) AS n FROM sequence_runs WHERE current_step = 2 AND status = 'ACTIVE'");
  const auto tasks = count("SELECT COUNT(*) AS n FROM tasks WHERE sequence_step = 1");
  const auto next_jobs =
      count("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'sequence.step' AND status = 'QUEUED'");
  std::ostringstream problem;
  if (advanced != steps) problem << advanced << " runs at step 2; ";
  if (tasks != steps) problem << tasks << " tasks; ";
  if (next_jobs != steps) problem << next_jobs << " next-step jobs; ";
  const auto c = worker.counters();
  if (c.dead != 0 || c.retried != 0 || c.dropped != 0)
    problem << c.dead << " dead, " << c.retried << " retried, " << c.dropped << " dropped";
  r.problem = problem.str();
  r.ok = r.problem.empty();
  return r;
}

std::vector<int> thread_counts(const std::string& list) {
  std::vector<int> out;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const int steps = std::stoi(bench::flag(argc, argv, "--steps", "10000"));
  const int repeat = std::stoi(bench::flag(argc, argv, "--repeat", "1"));
  const auto threads = thread_counts(bench::flag(argc, argv, "--threads", "1,2"));
  const char* env_pg = std::getenv("CRM_BENCH_POSTGRES_URL");
  const std::string postgres = bench::flag(argc, argv, "--postgres", env_pg ? env_pg : "");

  std::vector<std::pair<std::string, std::string>> engines{{"SQLite", ""}};
  if (!postgres.empty()) engines.emplace_back("PostgreSQL", postgres);
  std::printf("| engine | worker threads | steps | seconds | steps/s | CPU s | checked |\n");
  std::printf("|--------|---------------:|------:|--------:|--------:|------:|---------|\n");
  int n = 0;
  bool all_ok = true;
  for (const auto& [engine_name, url] : engines)
    for (const int t : threads)
      for (int r = 0; r < repeat; ++r) {
        const auto db = bench::fresh_database(url, "sequence_bench", ++n);
        const Result result = run(db, t, steps);
        bench::drop_database(db);
        all_ok = all_ok && result.ok;
        std::printf("| %s | %d | %d | %.2f | %.0f | %.2f | %s |\n", engine_name.c_str(), t, steps,
                    result.seconds, steps / result.seconds, result.cpu,
                    result.ok ? "ok" : result.problem.c_str());
        std::fflush(stdout);
      }
  return all_ok ? 0 : 1;
}
