// `crm worker` as a process: a worker killed with SIGKILL mid-job loses the job to the next
// worker once its lease expires, and that one finishes it; SIGTERM lets the running attempt
// finish and hands back the jobs not started; --once runs what is due and exits.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "core/jobs/outbox.hpp"
#include "core/runtime.hpp"
#include "crm/crm.hpp"
#include "server_process.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;
using namespace std::chrono_literals;

namespace {

// The engine of the test: the system clock, like the worker processes.
struct Queue {
  Queue() : url(fresh_shared_database_url()) {
    EngineOptions o;
    o.jwt_secret = "test-secret-0123456789abcdef0123456789";
    o.bcrypt_cost = 4;
    engine = Engine::open(storage::open_database(url), o);
  }

  std::string enqueue_sleep(int ms) { return enqueue("test.sleep", {{"ms", ms}}); }
  std::string enqueue(const std::string& kind, boost::json::object payload = {}) {
    return *engine->database().write([&](sql::Transaction& tx) {
      return jobs::enqueue(tx, engine->runtime(), {kind, std::move(payload), "", std::nullopt});
    });
  }

  Job job(const std::string& id) { return engine->jobs().get(id); }

  // Waits until the job has `status`; false after `timeout`.
  bool wait_for(const std::string& id, JobStatus status, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (job(id).status == status) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // `crm --db URL worker --test-handlers ARGS...`, its stderr in `dir`.
  ServerLaunch worker(const TempDir& dir, const std::string& name,
                      std::vector<std::string> args) const {
    std::vector<std::string> all{"--db", url, "worker", "--test-handlers"};
    all.insert(all.end(), args.begin(), args.end());
    return {CRM_CLI_PATH, all, {}, dir.path() / (name + ".stderr")};
  }

  std::string url;
  std::unique_ptr<Engine> engine;
};

}  // namespace

TEST_CASE("crm worker: killed mid-job, the job is finished by another worker after the lease") {
  Queue q;
  TempDir dir;
  // Long enough for the test to see it RUNNING on a slow machine; shorter than the lease.
  const auto id = q.enqueue_sleep(2500);
  ServerProcess first(q.worker(dir, "first", {"--lease-seconds", "4"}));
  REQUIRE(q.wait_for(id, JobStatus::kRunning, 30s));
  first.send_signal(SIGKILL);
  CHECK(first.wait_for_exit(10s) == 128 + SIGKILL);
  Job job = q.job(id);
  CHECK(job.status == JobStatus::kRunning);  // nothing recorded its end
  CHECK(job.attempts == 1);

  ServerProcess second(q.worker(dir, "second", {"--lease-seconds", "4"}));
  INFO("second worker: " << second.stderr_text());
  CHECK(q.wait_for(id, JobStatus::kSucceeded, 60s));
  job = q.job(id);
  CHECK(job.attempts == 2);
  CHECK(job.lease_until == std::nullopt);
  second.send_signal(SIGTERM);
  CHECK(second.wait_for_exit(30s) == 0);
}

TEST_CASE("crm worker: SIGTERM lets the running attempt finish and hands back the rest") {
  Queue q;
  TempDir dir;
  const auto running = q.enqueue_sleep(2000);
  const auto waiting = q.enqueue_sleep(2000);
  ServerProcess worker(q.worker(dir, "worker", {}));
  REQUIRE((q.wait_for(running, JobStatus::kRunning, 30s) ||
           q.wait_for(waiting, JobStatus::kRunning, 1s)));
  worker.send_signal(SIGTERM);
  CHECK(worker.wait_for_exit(30s) == 0);
  INFO("worker: " << worker.stderr_text());
  // One attempt ran to its end; the other job was handed back (or never claimed).
  const Job a = q.job(running), b = q.job(waiting);
  CHECK(((a.status == JobStatus::kSucceeded) != (b.status == JobStatus::kSucceeded)));
  const Job& other = a.status == JobStatus::kSucceeded ? b : a;
  CHECK(other.status == JobStatus::kQueued);
  CHECK(other.attempts == 0);
  CHECK(other.lease_until == std::nullopt);
}

TEST_CASE("crm worker --once runs the due jobs and exits") {
  Queue q;
  TempDir dir;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(q.enqueue_sleep(0));
  ServerProcess worker(q.worker(dir, "once", {"--once"}));
  CHECK(worker.wait_for_exit(60s) == 0);
  INFO("worker: " << worker.stderr_text());
  for (const auto& id : ids) CHECK(q.job(id).status == JobStatus::kSucceeded);
  CHECK(worker.stderr_text().find("ran 5 jobs") != std::string::npos);
}

TEST_CASE("crm-server runs the worker on --worker-threads threads; 0 runs none") {
  Queue q;
  TempDir dir;
  const auto server_launch = [&](const char* threads) {
    return ServerLaunch{
        CRM_SERVER_PATH,
        {"--db", q.url, "--port", "0", "--threads", "1", "--worker-threads", threads},
        {{"JWT_SECRET", "test-secret-0123456789abcdef0123456789"}},
        dir.path() / (std::string("server-") + threads + ".stderr")};
  };
  // crm-server registers the engine's own kinds only: this one goes DEAD, which shows it ran.
  const auto id = q.enqueue("test.unregistered");
  {
    ServerProcess idle(server_launch("0"));
    REQUIRE(idle.wait_until_listening(30s));
    std::this_thread::sleep_for(2s);
    CHECK(q.job(id).status == JobStatus::kQueued);
    idle.send_signal(SIGTERM);
    CHECK(idle.wait_for_exit(30s) == 0);
  }
  ServerProcess server(server_launch("2"));
  REQUIRE(server.wait_until_listening(30s));
  CHECK(q.wait_for(id, JobStatus::kDead, 30s));
  CHECK(q.job(id).last_error == "no handler for kind test.unregistered");
  server.send_signal(SIGTERM);
  CHECK(server.wait_for_exit(30s) == 0);
}
