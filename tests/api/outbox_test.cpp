// The transactional outbox: jobs exist exactly when the transaction that enqueued them commits.
#include <doctest/doctest.h>

#include "core/jobs/outbox.hpp"
#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;

namespace {

std::int64_t job_count(ApiFixture& f, const std::string& kind) {
  return f.sql("SELECT COUNT(*) AS n FROM jobs WHERE kind = ?", kind).first().integer("n");
}

}  // namespace

TEST_CASE("outbox: a job enqueued in a rolled-back transaction never exists") {
  ApiFixture f;
  auto& rt = f.engine->runtime();
  CHECK_THROWS_AS(f.engine->database().write([&](sql::Transaction& tx) {
    jobs::enqueue(tx, rt, {"test.rollback", {{"n", 1}}, "", std::nullopt});
    throw Error::invalid("the change failed");
  }),
                  Error);
  CHECK(job_count(f, "test.rollback") == 0);
}

TEST_CASE("outbox: the dedupe key makes enqueueing idempotent and commit wakes the worker") {
  ApiFixture f;
  auto& rt = f.engine->runtime();
  const auto before = rt.job_signal.generation();
  const auto first = f.engine->database().write([&](sql::Transaction& tx) {
    return jobs::enqueue(tx, rt, {"test.once", {}, "once:1", std::nullopt});
  });
  const auto second = f.engine->database().write([&](sql::Transaction& tx) {
    return jobs::enqueue(tx, rt, {"test.once", {}, "once:1", std::nullopt});
  });
  CHECK(first.has_value());
  CHECK_FALSE(second.has_value());
  CHECK(job_count(f, "test.once") == 1);
  CHECK(rt.job_signal.generation() == before + 1);
  const auto row = f.sql("SELECT status, attempts, run_at FROM jobs WHERE id = ?", *first).first();
  CHECK(row.text("status") == "QUEUED");
  CHECK(row.integer("attempts") == 0);
  CHECK(row.integer("run_at") == f.clock->now_ms());
}
