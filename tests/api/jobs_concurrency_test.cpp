// Several workers on one database (two engines, as two server processes would be, each with
// several threads): every job runs exactly once, none is lost. On SQLite a shared file, on
// PostgreSQL a shared schema (FOR UPDATE SKIP LOCKED claims).
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "job_test_helpers.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;

namespace {

constexpr int kJobs = 10'000;

std::unique_ptr<Engine> open_engine(const std::string& url) {
  EngineOptions o;
  o.jwt_secret = kJwtSecret;
  o.bcrypt_cost = 4;
  return Engine::open(storage::open_database(url), o);
}

}  // namespace

TEST_CASE("worker: two engines with two threads each run 10,000 jobs, none twice, none lost") {
  const std::string url = fresh_shared_database_url();
  auto a = open_engine(url);
  auto b = open_engine(url);

  std::vector<std::atomic<int>> calls(kJobs);
  std::atomic<int> total{0};
  const auto handlers = [&] {
    JobHandlers h;
    h.add("test.count", [&](const JobContext& job) {
      const auto n = std::stoi(std::string(job.payload_json.substr(5)));  // {"n":123}
      ++calls[static_cast<std::size_t>(n)];
      ++total;
      // A little work per job, so that one worker cannot drain the queue before the other's
      // threads are even scheduled on a loaded machine: both must take part.
      std::this_thread::sleep_for(std::chrono::microseconds(100));
      return JobResult::success();
    });
    return h;
  };

  // Half enqueued through each engine, in transactions of 500.
  for (int start = 0; start < kJobs; start += 500) {
    Engine& via = (start / 500) % 2 == 0 ? *a : *b;
    via.database().write([&](sql::Transaction& tx) {
      for (int n = start; n < start + 500; ++n)
        jobs::enqueue(tx, via.runtime(), {"test.count", {{"n", n}}, "", std::nullopt});
    });
  }

  WorkerOptions options;
  options.threads = 2;
  Worker wa(*a, handlers(), options);
  Worker wb(*b, handlers(), options);
  wa.start();
  wb.start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(3);
  const auto succeeded = [&] {
    return a->database()
        .read()
        ->query("SELECT COUNT(*) AS n FROM jobs WHERE status = 'SUCCEEDED'")
        .first()
        .integer("n");
  };
  while (succeeded() < kJobs && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  wa.stop();
  wb.stop();

  CHECK(succeeded() == kJobs);
  CHECK(total == kJobs);
  int wrong = 0;
  for (int n = 0; n < kJobs; ++n) wrong += calls[static_cast<std::size_t>(n)] == 1 ? 0 : 1;
  CHECK(wrong == 0);
  // No job needed a second claim, and both engines took part.
  CHECK(a->database()
            .read()
            ->query("SELECT COUNT(*) AS n FROM jobs WHERE attempts <> 1")
            .first()
            .integer("n") == 0);
  CHECK(wa.counters().succeeded + wb.counters().succeeded == kJobs);
  CHECK(wa.counters().succeeded > 0);
  CHECK(wb.counters().succeeded > 0);
  CHECK(wa.counters().dropped + wb.counters().dropped == 0);
}
