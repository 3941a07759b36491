// The admin jobs extension: GET /api/jobs, GET /api/jobs/stats, GET /api/jobs/[id],
// POST /api/jobs/[id]/retry|cancel, and the jobs block of GET /api/health.
#include <doctest/doctest.h>

#include "company_rows_helpers.hpp"
#include "job_test_helpers.hpp"

using namespace crm;
using namespace crm::test;
using job_rows::enqueue;
namespace json = boost::json;

namespace {

void set_status(ApiFixture& f, const std::string& id, const std::string& status) {
  f.sql("UPDATE jobs SET status = ?, last_error = 'HTTP 500: down', attempts = 8 WHERE id = ?",
        status, id);
}

std::string rep_token(ApiFixture& f) { return f.make_user("rep@example.com", Role::kRep).first; }

}  // namespace

TEST_CASE("jobs api: every endpoint needs an admin token") {
  ApiFixture f;
  const auto rep = rep_token(f);
  const std::pair<const char*, const char*> calls[] = {{"GET", "/api/jobs"},
                                                       {"GET", "/api/jobs/stats"},
                                                       {"GET", "/api/jobs/x"},
                                                       {"POST", "/api/jobs/x/retry"},
                                                       {"POST", "/api/jobs/x/cancel"}};
  for (const auto& [method, path] : calls) {
    CAPTURE(path);
    CHECK(f.call(method, path).status == 401);
    CHECK(f.call(method, path, rep).status == 403);
  }
}

TEST_CASE("jobs api: list is paged, newest first, filtered by status and kind") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto first = enqueue(f, "email.invoice-sent", {{"invoiceId", "inv1"}});
  f.clock->advance(kSecondMs);
  const auto second = enqueue(f, "sms.send");
  f.clock->advance(kSecondMs);
  const auto third = enqueue(f, "email.invoice-sent");
  set_status(f, third, "DEAD");

  auto r = f.call("GET", "/api/jobs?limit=2", admin);
  REQUIRE(r.status == 200);
  const auto& data = r.data().as_array();
  REQUIRE(data.size() == 2);
  CHECK(data[0].at("id") == third.c_str());
  CHECK(data[1].at("id") == second.c_str());
  CHECK(r.body.at("pagination") == json::parse(R"({"page":1,"limit":2,"total":3,"totalPages":2})"));

  r = f.call("GET", "/api/jobs?page=2&limit=2", admin);
  REQUIRE(r.data().as_array().size() == 1);
  const auto& job = r.data().as_array()[0].as_object();
  CHECK(job.at("id") == first.c_str());
  CHECK(job.at("kind") == "email.invoice-sent");
  CHECK(job.at("payload") == json::parse(R"({"invoiceId":"inv1"})"));
  CHECK(job.at("status") == "QUEUED");
  CHECK(job.at("attempts") == 0);
  CHECK(job.at("maxAttempts") == 8);
  CHECK(job.at("runAt") == format_iso(kStartTime).c_str());
  CHECK(job.at("createdAt") == format_iso(kStartTime).c_str());
  CHECK(job.at("dedupeKey").is_null());
  CHECK(job.at("leaseUntil").is_null());
  CHECK(job.at("lastError").is_null());
  CHECK(job.at("finishedAt").is_null());

  r = f.call("GET", "/api/jobs?status=DEAD", admin);
  REQUIRE(r.data().as_array().size() == 1);
  CHECK(r.data().as_array()[0].at("lastError") == "HTTP 500: down");
  r = f.call("GET", "/api/jobs?kind=email.invoice-sent&status=QUEUED", admin);
  REQUIRE(r.data().as_array().size() == 1);
  CHECK(r.data().as_array()[0].at("id") == first.c_str());
  r = f.call("GET", "/api/jobs?kind=nothing", admin);
  CHECK(r.data().as_array().empty());
  CHECK(r.body.at("pagination").at("total") == 0);
}

TEST_CASE("jobs api: list validates status and paging") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto r = f.call("GET", "/api/jobs?status=LOST", admin);
  CHECK(r.status == 400);
  CHECK(r.error().find("status") != std::string::npos);
  CHECK(f.call("GET", "/api/jobs?page=0", admin).status == 400);
  CHECK(f.call("GET", "/api/jobs?limit=abc", admin).status == 400);
  r = f.call("GET", "/api/jobs?limit=1000", admin);
  CHECK(r.body.at("pagination").at("limit") == 100);
}

TEST_CASE("jobs api: get one job; unknown ids are 404") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto id = enqueue(f, "sms.send", {{"to", "+15550100"}});
  auto r = f.call("GET", "/api/jobs/" + id, admin);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("id") == id.c_str());
  CHECK(r.data().at("payload").at("to") == "+15550100");
  CHECK(f.call("GET", "/api/jobs/nope", admin).status == 404);
}

TEST_CASE("jobs api: retry requeues a DEAD job with fresh attempts, now, and wakes workers") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto id = enqueue(f, "email.invoice-sent");
  set_status(f, id, "DEAD");
  f.sql("UPDATE jobs SET finished_at = 5, run_at = 1 WHERE id = ?", id);
  f.clock->advance(kHourMs);
  const auto woken = f.engine->runtime().job_signal.generation();

  auto r = f.call("POST", "/api/jobs/" + id + "/retry", admin);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("status") == "QUEUED");
  CHECK(r.data().at("attempts") == 0);
  CHECK(r.data().at("runAt") == format_iso(kStartTime + kHourMs).c_str());
  CHECK(r.data().at("finishedAt").is_null());
  CHECK(r.data().at("lastError") == "HTTP 500: down");  // kept until the next attempt
  const auto row = job_rows::row(f, id);
  CHECK(row.text("status") == "QUEUED");
  CHECK(row.integer("attempts") == 0);
  CHECK(f.engine->runtime().job_signal.generation() == woken + 1);

  // And a worker runs it.
  job_rows::CallLog log;
  Worker worker(*f.engine, job_rows::answering(log, "email.invoice-sent", JobResult::success()));
  CHECK(worker.run_once() == 1);
  CHECK(log.calls(id) == 1);
}

TEST_CASE("jobs api: retry of CANCELED and waiting jobs; RUNNING and SUCCEEDED are 409") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto canceled = enqueue(f, "k");
  set_status(f, canceled, "CANCELED");
  CHECK(f.call("POST", "/api/jobs/" + canceled + "/retry", admin).data().at("status") == "QUEUED");

  const auto waiting = enqueue(*f.engine, {"k", {}, "", kStartTime + kHourMs});
  auto r = f.call("POST", "/api/jobs/" + waiting + "/retry", admin);
  CHECK(r.data().at("runAt") == format_iso(kStartTime).c_str());

  const auto running = enqueue(f, "k");
  set_status(f, running, "RUNNING");
  r = f.call("POST", "/api/jobs/" + running + "/retry", admin);
  CHECK(r.status == 409);
  CHECK(r.error().find("running") != std::string::npos);
  CHECK(job_rows::row(f, running).text("status") == "RUNNING");

  const auto done = enqueue(f, "k");
  set_status(f, done, "SUCCEEDED");
  r = f.call("POST", "/api/jobs/" + done + "/retry", admin);
  CHECK(r.status == 409);
  CHECK(job_rows::row(f, done).text("status") == "SUCCEEDED");

  CHECK(f.call("POST", "/api/jobs/nope/retry", admin).status == 404);
}

TEST_CASE("jobs api: cancel stops QUEUED, RUNNING and DEAD jobs; SUCCEEDED is 409") {
  ApiFixture f;
  const auto admin = f.admin_token();
  for (const std::string status : {"QUEUED", "RUNNING", "DEAD"}) {
    CAPTURE(status);
    const auto id = enqueue(f, "k");
    set_status(f, id, status);
    f.sql("UPDATE jobs SET lease_token = 'tok', lease_until = 9 WHERE id = ?", id);
    auto r = f.call("POST", "/api/jobs/" + id + "/cancel", admin);
    REQUIRE(r.status == 200);
    CHECK(r.data().at("status") == "CANCELED");
    CHECK(r.data().at("finishedAt") == format_iso(kStartTime).c_str());
    const auto row = job_rows::row(f, id);
    CHECK(row.text("status") == "CANCELED");
    CHECK(row.is_null("lease_token"));
    // Canceling again changes nothing.
    f.clock->advance(kSecondMs);
    r = f.call("POST", "/api/jobs/" + id + "/cancel", admin);
    CHECK(r.status == 200);
    CHECK(r.data().at("finishedAt") == format_iso(kStartTime).c_str());
    f.clock->set(kStartTime);
  }
  const auto done = enqueue(f, "k");
  set_status(f, done, "SUCCEEDED");
  CHECK(f.call("POST", "/api/jobs/" + done + "/cancel", admin).status == 409);
  CHECK(f.call("POST", "/api/jobs/nope/cancel", admin).status == 404);

  // A canceled job never runs.
  job_rows::CallLog log;
  Worker worker(*f.engine, job_rows::answering(log, "k", JobResult::success()));
  f.clock->advance(kDayMs);
  CHECK(worker.run_once() == 0);
  CHECK(log.total() == 0);
}

TEST_CASE("jobs api: stats count by status and kind, the oldest due job and stuck runs") {
  ApiFixture f;
  const auto admin = f.admin_token();
  enqueue(f, "email.a");
  f.clock->advance(90 * kSecondMs);
  enqueue(f, "email.a");
  set_status(f, enqueue(f, "sms.b"), "DEAD");
  enqueue(*f.engine, {"sms.b", {}, "", kStartTime + kDayMs});  // not due yet
  const auto contact = company_rows::insert_contact(f, std::nullopt, "Stuck", f.clock->now_ms());
  const auto lead = company_rows::insert_lead(f, contact, std::nullopt, "NEW_LEAD", 1);
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO sequence_runs (id, lead_id, tag_slug, status, next_run_at, started_at) "
      "VALUES ('run-stuck', ?, 'no-answer', 'ACTIVE', ?, 1), "
      "('run-late', ?, 'left-voicemail', 'ACTIVE', ?, 1), "
      "('run-paused', ?, 'spoke-send-info', 'PAUSED', ?, 1)",
      lead, now - 11 * kMinuteMs, lead, now - 9 * kMinuteMs, lead, now - kDayMs);

  auto r = f.call("GET", "/api/jobs/stats", admin);
  REQUIRE(r.status == 200);
  const auto& s = r.data().as_object();
  CHECK(s.at("totals") ==
        json::parse(R"({"queued":3,"running":0,"succeeded":0,"dead":1,"canceled":0})"));
  CHECK(s.at("byKind") == json::parse(R"([
    {"kind":"email.a","queued":2,"running":0,"succeeded":0,"dead":0,"canceled":0},
    {"kind":"sms.b","queued":1,"running":0,"succeeded":0,"dead":1,"canceled":0}])"));
  CHECK(s.at("oldestDueSeconds") == 90);
  CHECK(s.at("oldestDueAt") == format_iso(kStartTime).c_str());
  CHECK(s.at("stuckSequenceRuns") == 1);
  REQUIRE(s.at("stuckRuns").as_array().size() == 1);
  CHECK(s.at("stuckRuns").as_array()[0].at("id") == "run-stuck");
  CHECK(s.at("stuckRuns").as_array()[0].at("leadId") == lead.c_str());

  const JobStats direct = f.engine->jobs().stats();
  CHECK(direct.stuck_sequence_runs == 1);
}

TEST_CASE("jobs api: health keeps its fields and adds the queue's counts") {
  ApiFixture f;
  auto r = f.call("GET", "/api/health");
  REQUIRE(r.status == 200);
  std::vector<std::string> keys;
  for (const auto& field : r.body.as_object()) keys.emplace_back(field.key());
  CHECK(keys == std::vector<std::string>{"status", "service", "version", "timestamp", "jobs"});
  CHECK(r.body.at("jobs") ==
        json::parse(R"({"queued":0,"running":0,"dead":0,"oldestDueSeconds":0})"));

  enqueue(f, "a");
  set_status(f, enqueue(f, "a"), "RUNNING");
  set_status(f, enqueue(f, "a"), "DEAD");
  set_status(f, enqueue(f, "a"), "SUCCEEDED");
  enqueue(*f.engine, {"a", {}, "", kStartTime + kHourMs});
  f.clock->advance(42 * kSecondMs);
  r = f.call("GET", "/api/health");
  CHECK(r.body.at("jobs") ==
        json::parse(R"({"queued":2,"running":1,"dead":1,"oldestDueSeconds":42})"));
}
