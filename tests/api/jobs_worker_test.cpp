// The worker on a real database with the fake clock (DOMAIN.md §17): claims, retries with
// backoff, permanent failures, Retry-After, DEAD after the last attempt, handlers missing,
// lease expiry and re-claim, fencing of stale results, stop, wake-up on commit.
#include <doctest/doctest.h>

#include <condition_variable>
#include <future>
#include <thread>

#include "core/jobs/job_store.hpp"
#include "job_test_helpers.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;
using job_rows::answering;
using job_rows::CallLog;
using job_rows::enqueue;

namespace {

// Claims every due job as a worker would that then dies: the jobs stay RUNNING under `token`.
jobs::Claim claim_as(ApiFixture& f, const std::string& token, TimeMs lease_ms = 60 * kSecondMs) {
  return f.engine->database().write([&](sql::Transaction& tx) {
    return jobs::claim_due(tx, f.clock->now_ms(), lease_ms, token, 100);
  });
}

bool finish_as(ApiFixture& f, const jobs::ClaimedJob& job) {
  return f.engine->database().write([&](sql::Transaction& tx) {
    return jobs::finish(tx, job, {jobs::Decision::Next::kSucceeded, 0, {}}, f.clock->now_ms());
  });
}

}  // namespace

TEST_CASE("worker: a job enqueued in a rolled-back transaction never runs") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.rollback", JobResult::success()));
  CHECK_THROWS_AS(f.engine->database().write([&](sql::Transaction& tx) {
    jobs::enqueue(tx, f.engine->runtime(), {"test.rollback", {}, "", std::nullopt});
    throw Error::invalid("the change failed");
  }),
                  Error);
  CHECK(worker.run_once() == 0);
  CHECK(log.total() == 0);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM jobs").first().integer("n") == 0);
}

TEST_CASE("worker: runs a due job once with its payload and records SUCCEEDED") {
  ApiFixture f;
  std::string seen_payload, seen_key;
  int seen_attempt = 0;
  TimeMs seen_lease = 0;
  JobHandlers h;
  h.add("test.ok", [&](const JobContext& job) {
    seen_payload = std::string(job.payload_json);
    seen_key = job.idempotency_key();
    seen_attempt = job.attempt;
    seen_lease = job.lease_until;
    return JobResult::success();
  });
  Worker worker(*f.engine, std::move(h));
  const auto id = enqueue(f, "test.ok", {{"invoiceId", "inv1"}});
  CHECK(worker.run_once() == 1);
  CHECK(seen_payload == R"({"invoiceId":"inv1"})");
  CHECK(seen_key == "job-" + id);
  CHECK(seen_attempt == 1);
  CHECK(seen_lease == kStartTime + 60 * kSecondMs);
  const auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "SUCCEEDED");
  CHECK(r.integer("attempts") == 1);
  CHECK(r.integer("finished_at") == kStartTime);
  CHECK(r.is_null("lease_token"));
  CHECK(r.is_null("lease_until"));
  CHECK(worker.run_once() == 0);
  CHECK(worker.counters().succeeded == 1);
}

TEST_CASE("worker: a job scheduled for later waits for its time") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.later", JobResult::success()));
  const auto id =
      enqueue(*f.engine, {"test.later", {}, "", kStartTime + kMinuteMs, jobs::kDefaultMaxAttempts});
  CHECK(worker.run_once() == 0);
  f.clock->advance(kMinuteMs - 1);
  CHECK(worker.run_once() == 0);
  f.clock->advance(1);
  CHECK(worker.run_once() == 1);
  CHECK(log.calls(id) == 1);
}

TEST_CASE("worker: transient failures back off 30 s, 2 min, 10 min with jitter, then DEAD") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.flaky", JobResult::transient("timeout")));
  const auto id = enqueue(f, "test.flaky", {}, 4);
  const TimeMs nominal[] = {30 * kSecondMs, 2 * kMinuteMs, 10 * kMinuteMs};
  for (int attempt = 1; attempt <= 3; ++attempt) {
    CAPTURE(attempt);
    CHECK(worker.run_once() == 1);
    const auto r = job_rows::row(f, id);
    CHECK(r.text("status") == "QUEUED");
    CHECK(r.integer("attempts") == attempt);
    CHECK(r.text("last_error") == "timeout");
    const TimeMs delay = r.integer("run_at") - f.clock->now_ms();
    CHECK(delay >= nominal[attempt - 1] * 8 / 10);
    CHECK(delay <= nominal[attempt - 1] * 12 / 10);
    f.clock->set(r.integer("run_at") - 1);
    CHECK(worker.run_once() == 0);  // not before its time
    f.clock->advance(1);
  }
  CHECK(worker.run_once() == 1);
  const auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "DEAD");
  CHECK(r.integer("attempts") == 4);
  CHECK(r.text("last_error") == "timeout");
  CHECK(r.integer("finished_at") == f.clock->now_ms());
  CHECK(log.calls(id) == 4);
  f.clock->advance(kDayMs);
  CHECK(worker.run_once() == 0);
  const auto c = worker.counters();
  CHECK(c.retried == 3);
  CHECK(c.dead == 1);
}

TEST_CASE("worker: an HTTP 4xx is permanent (DEAD at once) but 408 is retried") {
  ApiFixture f;
  JobHandlers h;
  h.add("test.http", [&](const JobContext& job) {
    return JobResult::http(job.payload_json.find("408") != std::string_view::npos ? 408 : 400,
                           "bad request");
  });
  Worker worker(*f.engine, std::move(h));
  const auto bad = enqueue(f, "test.http", {{"status", "400"}});
  const auto timeout = enqueue(f, "test.http", {{"status", "408"}});
  CHECK(worker.run_once() == 2);
  const auto dead = job_rows::row(f, bad);
  CHECK(dead.text("status") == "DEAD");
  CHECK(dead.integer("attempts") == 1);
  CHECK(dead.text("last_error") == "HTTP 400: bad request");
  const auto retried = job_rows::row(f, timeout);
  CHECK(retried.text("status") == "QUEUED");
  CHECK(retried.text("last_error") == "HTTP 408: bad request");
}

TEST_CASE("worker: a 429 with Retry-After runs again exactly then") {
  ApiFixture f;
  JobHandlers h;
  h.add("test.limited", [&](const JobContext& job) {
    return job.attempt == 1 ? JobResult::http(429, "slow down", 120) : JobResult::success();
  });
  Worker worker(*f.engine, std::move(h));
  const auto id = enqueue(f, "test.limited");
  CHECK(worker.run_once() == 1);
  auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "QUEUED");
  CHECK(r.integer("run_at") == kStartTime + 120 * kSecondMs);
  CHECK(r.text("last_error") == "HTTP 429: slow down");
  f.clock->advance(119 * kSecondMs);
  CHECK(worker.run_once() == 0);
  f.clock->advance(kSecondMs);
  CHECK(worker.run_once() == 1);
  r = job_rows::row(f, id);
  CHECK(r.text("status") == "SUCCEEDED");
  CHECK(r.integer("attempts") == 2);
}

TEST_CASE("worker: exceptions from handlers: engine errors by code, others transient") {
  ApiFixture f;
  JobHandlers h;
  h.add("test.gone", [](const JobContext&) -> JobResult { throw Error::not_found("Lead gone"); });
  h.add("test.crash", [](const JobContext&) -> JobResult { throw std::runtime_error("boom"); });
  Worker worker(*f.engine, std::move(h));
  const auto gone = enqueue(f, "test.gone");
  const auto crash = enqueue(f, "test.crash");
  CHECK(worker.run_once() == 2);
  CHECK(job_rows::row(f, gone).text("status") == "DEAD");
  CHECK(job_rows::row(f, gone).text("last_error") == "Lead gone");
  CHECK(job_rows::row(f, crash).text("status") == "QUEUED");
  CHECK(job_rows::row(f, crash).text("last_error") == "boom");
}

TEST_CASE("worker: a kind without a handler goes DEAD at once and does not spin") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.known", JobResult::success()));
  const auto id = enqueue(f, "test.unknown");
  CHECK(worker.run_once() == 1);
  const auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "DEAD");
  CHECK(r.integer("attempts") == 1);
  CHECK(r.text("last_error") == "no handler for kind test.unknown");
  f.clock->advance(kDayMs);
  CHECK(worker.run_once() == 0);
  CHECK(log.total() == 0);
}

TEST_CASE("worker: the same effect enqueued twice (one dedupe key) runs once") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.once", JobResult::success()));
  const jobs::NewJob job{"test.once", {}, "invoice-sent:inv1", std::nullopt};
  const auto id = enqueue(*f.engine, job);
  const auto again = f.engine->database().write(
      [&](sql::Transaction& tx) { return jobs::enqueue(tx, f.engine->runtime(), job); });
  CHECK_FALSE(again.has_value());
  CHECK(worker.run_once() == 1);
  // Also after it ran: the key stays taken.
  const auto later = f.engine->database().write(
      [&](sql::Transaction& tx) { return jobs::enqueue(tx, f.engine->runtime(), job); });
  CHECK_FALSE(later.has_value());
  f.clock->advance(kDayMs);
  CHECK(worker.run_once() == 0);
  CHECK(log.calls(id) == 1);
  CHECK(log.total() == 1);
}

TEST_CASE("worker: a job whose worker died is claimed again once its lease expires") {
  ApiFixture f;
  CallLog log;
  std::vector<int> attempts;
  JobHandlers h;
  h.add("test.resume", [&](const JobContext& job) {
    log.record(job.id);
    attempts.push_back(job.attempt);
    return JobResult::success();
  });
  Worker worker(*f.engine, std::move(h));
  const auto id = enqueue(f, "test.resume");
  REQUIRE(claim_as(f, "dead-worker").jobs.size() == 1);
  CHECK(worker.run_once() == 0);  // the lease still holds
  f.clock->advance(60 * kSecondMs - 1);
  CHECK(worker.run_once() == 0);
  f.clock->advance(1);
  CHECK(worker.run_once() == 1);
  CHECK(attempts == std::vector<int>{2});  // the dead worker's attempt counts
  const auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "SUCCEEDED");
  CHECK(r.integer("attempts") == 2);
}

TEST_CASE("worker: every job of a dead worker's claim runs again, more than one batch") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.many", JobResult::success()));
  for (int i = 0; i < 30; ++i) enqueue(f, "test.many", {{"n", i}});
  REQUIRE(claim_as(f, "dead-worker").jobs.size() == 30);
  f.clock->advance(60 * kSecondMs);
  CHECK(worker.run_once() == 30);
  CHECK(log.total() == 30);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM jobs WHERE status = 'SUCCEEDED' AND attempts = 2")
            .first()
            .integer("n") == 30);
}

TEST_CASE("worker: a lease that expires during the last attempt makes the job DEAD") {
  ApiFixture f;
  CallLog log;
  Worker worker(*f.engine, answering(log, "test.last", JobResult::success()));
  const auto id = enqueue(f, "test.last", {}, 1);
  REQUIRE(claim_as(f, "dead-worker").jobs.size() == 1);
  f.clock->advance(61 * kSecondMs);
  CHECK(worker.run_once() == 0);
  const auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "DEAD");
  CHECK(r.text("last_error") == std::string(jobs::kLeaseExpiredError));
  CHECK(log.total() == 0);
  CHECK(worker.counters().dead == 1);
}

TEST_CASE("worker: fencing: a stale claim cannot finish a job claimed again") {
  ApiFixture f;
  const auto id = enqueue(f, "test.fenced");
  const auto stale = claim_as(f, "token-a");
  REQUIRE(stale.jobs.size() == 1);
  f.clock->advance(61 * kSecondMs);
  const auto fresh = claim_as(f, "token-b");
  REQUIRE(fresh.jobs.size() == 1);
  CHECK(fresh.jobs[0].attempt == 2);

  CHECK_FALSE(finish_as(f, stale.jobs[0]));
  auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "RUNNING");
  CHECK(r.text("lease_token") == "token-b");
  CHECK(finish_as(f, fresh.jobs[0]));
  CHECK(job_rows::row(f, id).text("status") == "SUCCEEDED");
  // Released or finished twice: refused too.
  CHECK_FALSE(finish_as(f, fresh.jobs[0]));
}

TEST_CASE("worker: a worker whose lease ran out while its handler ran has its result refused") {
  ApiFixture f;
  jobs::Claim other;
  JobHandlers h;
  h.add("test.slow", [&](const JobContext&) {
    // The handler stalls past its lease; meanwhile another worker claims the job.
    f.clock->advance(61 * kSecondMs);
    other = claim_as(f, "token-other");
    return JobResult::success();
  });
  Worker worker(*f.engine, std::move(h));
  const auto id = enqueue(f, "test.slow");
  CHECK(worker.run_once() == 1);
  REQUIRE(other.jobs.size() == 1);
  const auto r = job_rows::row(f, id);
  CHECK(r.text("status") == "RUNNING");
  CHECK(r.text("lease_token") == "token-other");
  CHECK(worker.counters().dropped == 1);
  CHECK(worker.counters().succeeded == 0);
}

TEST_CASE("worker: a canceled running job's result is refused") {
  ApiFixture f;
  JobHandlers h;
  std::string id;
  h.add("test.cancel", [&](const JobContext&) {
    f.engine->jobs().cancel(id);
    return JobResult::success();
  });
  Worker worker(*f.engine, std::move(h));
  id = enqueue(f, "test.cancel");
  CHECK(worker.run_once() == 1);
  CHECK(job_rows::row(f, id).text("status") == "CANCELED");
  CHECK(worker.counters().dropped == 1);
}

TEST_CASE("worker: stop lets the running attempt finish and hands back unstarted jobs") {
  ApiFixture f;
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, release = false;
  CallLog log;
  JobHandlers h;
  h.add("test.block", [&](const JobContext& job) {
    log.record(job.id);
    std::unique_lock lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return JobResult::success();
  });
  WorkerOptions options;
  options.threads = 1;
  Worker worker(*f.engine, std::move(h), options);
  for (int i = 0; i < 6; ++i) enqueue(f, "test.block", {{"n", i}});
  worker.start();
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(20), [&] { return entered; }));
  }
  auto stopped = std::async(std::launch::async, [&] { worker.stop(); });
  CHECK(stopped.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  stopped.get();

  CHECK(log.total() == 1);
  const auto c = worker.counters();
  CHECK(c.succeeded == 1);
  CHECK(c.released == c.claimed - 1);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM jobs WHERE status = 'SUCCEEDED' AND attempts = 1")
            .first()
            .integer("n") == 1);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM jobs WHERE status = 'QUEUED' AND attempts = 0 AND "
              "lease_token IS NULL")
            .first()
            .integer("n") == 5);
  worker.start();  // a stopped worker stays stopped
  CHECK(worker.run_once() == 0);
  CHECK(log.total() == 1);
}

TEST_CASE("worker: a commit in this process wakes the worker at once") {
  ApiFixture f;
  std::mutex mu;
  std::condition_variable cv;
  int calls = 0;
  JobHandlers h;
  h.add("test.wake", [&](const JobContext&) {
    std::lock_guard lock(mu);
    ++calls;
    cv.notify_all();
    return JobResult::success();
  });
  WorkerOptions options;
  options.poll_interval_ms = 10 * kMinuteMs;  // only a wake-up can start the job in time
  Worker worker(*f.engine, std::move(h), options);
  worker.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let it find nothing and wait
  enqueue(f, "test.wake");
  std::unique_lock lock(mu);
  CHECK(cv.wait_for(lock, std::chrono::seconds(30), [&] { return calls == 1; }));
  lock.unlock();
  worker.stop();
}

TEST_CASE("worker: logs stuck sequence runs once it has run for 10 minutes") {
  struct Capture final : Logger {
    std::mutex mu;
    std::vector<std::string> lines;
    void log(LogLevel, std::string_view m) override {
      std::lock_guard lock(mu);
      lines.emplace_back(m);
    }
    bool contains(std::string_view text) {
      std::lock_guard lock(mu);
      for (const auto& l : lines)
        if (l.find(text) != std::string::npos) return true;
      return false;
    }
  };
  auto capture = std::make_shared<Capture>();
  auto clock = std::make_shared<FakeClock>(kStartTime);
  EngineOptions o;
  o.jwt_secret = kJwtSecret;
  o.bcrypt_cost = 4;
  o.clock = clock;
  o.logger = capture;
  auto engine = Engine::open(open_fresh_database(), o);
  engine->database().write([&](sql::Transaction& tx) {
    tx.query(
        "INSERT INTO contacts (id, first_name, created_at, updated_at) VALUES ('c1', 'Al', 1, 1)");
    tx.query(
        "INSERT INTO leads (id, contact_id, created_at, updated_at) VALUES ('l1', 'c1', 1, 1)");
    tx.query(
        "INSERT INTO sequence_runs (id, lead_id, tag_slug, status, next_run_at, started_at) "
        "VALUES ('run1', 'l1', 'no-answer', 'ACTIVE', ?, 1)",
        kStartTime - kHourMs);
  });
  Worker worker(*engine, JobHandlers{});
  worker.run_once();
  CHECK_FALSE(capture->contains("stuck"));  // overdue from before the worker started
  clock->advance(10 * kMinuteMs);
  worker.run_once();
  CHECK(capture->contains("worker: 1 sequence runs are stuck"));
  CHECK(capture->contains("run1"));
}
