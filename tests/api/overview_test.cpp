// GET /api/activities, /api/pipeline, /api/dashboard. Rows are seeded straight into the database
// so these tests do not depend on the company/contact/lead endpoints.
#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <string>
#include <tuple>

#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

using OptText = std::optional<std::string>;

void ov_company(ApiFixture& f, const std::string& id, const std::string& status, OptText rep) {
  f.sql(
      "INSERT INTO companies (id, name, status, assigned_rep_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      id, "Company " + id, status, rep, kStartTime, kStartTime);
}

void ov_contact(ApiFixture& f, const std::string& id, OptText company) {
  f.sql(
      "INSERT INTO contacts (id, company_id, first_name, last_name, full_name, created_at, "
      "updated_at) "
      "VALUES (?, ?, 'Pat', ?, ?, ?, ?)",
      id, company, id, "Pat " + id, kStartTime, kStartTime);
}

// A lead with its own contact "ct-<id>" (full name "Pat ct-<id>").
void ov_lead(ApiFixture& f, const std::string& id, OptText company, const std::string& stage,
             std::optional<Cents> revenue = std::nullopt, TimeMs updated_at = kStartTime) {
  ov_contact(f, "ct-" + id, company);
  f.sql(
      "INSERT INTO leads (id, contact_id, company_id, stage, estimated_revenue, created_at, "
      "updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, "ct-" + id, company, stage, revenue, kStartTime, updated_at);
}

void ov_activity(ApiFixture& f, const std::string& id, const std::string& type, OptText lead,
                 OptText company, OptText user, TimeMs at) {
  f.sql(
      "INSERT INTO activities (id, type, lead_id, company_id, user_id, data, created_at) "
      "VALUES (?, ?, ?, ?, ?, '{\"k\":1}', ?)",
      id, type, lead, company, user, at);
}

void ov_task(ApiFixture& f, const std::string& id, const std::string& assignee,
             std::optional<TimeMs> due, std::optional<TimeMs> completed_at = std::nullopt) {
  f.sql(
      "INSERT INTO tasks (id, assigned_to_id, title, due_at, is_completed, completed_at, "
      "created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      id, assignee, "Task " + id, due, completed_at.has_value(), completed_at, kStartTime,
      kStartTime);
}

void ov_payment(ApiFixture& f, const std::string& id, const std::string& company, Cents amount,
                TimeMs received) {
  f.sql(
      "INSERT INTO invoices (id, number, company_id, status, total, amount_paid, "
      "payment_token, created_at, updated_at) "
      "VALUES (?, ?, ?, 'PARTIAL', ?, ?, ?, ?, ?)",
      "inv-" + id, "INV-2026-" + id, company, amount * 2, amount, "tok-" + id, kStartTime,
      kStartTime);
  f.sql(
      "INSERT INTO payments (id, invoice_id, amount, method, received_at, created_at) VALUES "
      "(?, ?, ?, 'CARD', ?, ?)",
      id, "inv-" + id, amount, received, received);
}

std::set<std::string> ov_ids(const json::value& items) {
  std::set<std::string> out;
  for (const auto& v : items.as_array()) out.insert(std::string(v.at("id").as_string()));
  return out;
}

// Two reps; company A is rep1's, B is rep2's, P is the shared pool. Leads: la (A), lb (B),
// lp (P), ln (no company).
struct OvWorld {
  ApiFixture f;
  std::string admin, rep1, rep2, rep1_id, rep2_id;
  OvWorld() {
    admin = f.admin_token();
    std::tie(rep1, rep1_id) = f.make_user("rep1@example.com");
    std::tie(rep2, rep2_id) = f.make_user("rep2@example.com");
    ov_company(f, "A", "LEAD", rep1_id);
    ov_company(f, "B", "LEAD", rep2_id);
    ov_company(f, "P", "LEAD", std::nullopt);
    ov_lead(f, "la", "A", "NEW_LEAD", 100000);
    ov_lead(f, "lb", "B", "NEW_LEAD", 200000);
    ov_lead(f, "lp", "P", "QUALIFIED", 150050);
    ov_lead(f, "ln", std::nullopt, "CONTACTED");
  }
};

}  // namespace

TEST_CASE("overview: endpoints require a token") {
  ApiFixture f;
  CHECK(f.call("GET", "/api/activities").status == 401);
  CHECK(f.call("GET", "/api/pipeline").status == 401);
  CHECK(f.call("GET", "/api/dashboard").status == 401);
}

TEST_CASE("overview: activity feed shape, order and pagination") {
  ApiFixture f;
  const auto admin = f.admin_token();
  ov_activity(f, "a1", "user_login", std::nullopt, std::nullopt, f.admin_id(), kStartTime - 3000);
  ov_activity(f, "a3", "note_added", std::nullopt, std::nullopt, f.admin_id(), kStartTime - 1000);
  ov_activity(f, "a2", "system", std::nullopt, std::nullopt, std::nullopt, kStartTime - 2000);

  auto r = f.call("GET", "/api/activities?limit=2", admin);
  REQUIRE(r.status == 200);
  const auto& items = r.data().as_array();
  REQUIRE(items.size() == 2);
  CHECK(items[0].at("id") == "a3");
  CHECK(items[1].at("id") == "a2");
  const auto& first = items[0].as_object();
  CHECK(first.at("type") == "note_added");
  CHECK(first.at("leadId").is_null());
  CHECK(first.at("companyId").is_null());
  CHECK(first.at("userId").as_string() == f.admin_id());
  CHECK(first.at("data").at("k") == 1);
  CHECK(first.at("createdAt").as_string() == format_iso(kStartTime - 1000));
  CHECK(first.at("user").at("email") == "admin@example.com");
  CHECK(first.at("user").at("firstName") == "Ada");
  CHECK(first.at("user").at("lastName") == "Admin");
  CHECK(items[1].at("user").is_null());
  const auto& pg = r.body.at("pagination");
  CHECK(pg.at("page") == 1);
  CHECK(pg.at("limit") == 2);
  CHECK(pg.at("total") == 3);
  CHECK(pg.at("totalPages") == 2);

  auto p2 = f.call("GET", "/api/activities?limit=2&page=2", admin);
  REQUIRE(p2.status == 200);
  REQUIRE(p2.data().as_array().size() == 1);
  CHECK(p2.data().as_array()[0].at("id") == "a1");
  CHECK(f.call("GET", "/api/activities?limit=abc", admin).status == 400);
  CHECK(f.call("GET", "/api/activities?page=0", admin).status == 400);
}

TEST_CASE("overview: activity filters by lead and company") {
  OvWorld w;
  ov_activity(w.f, "on-a", "status_changed", std::nullopt, "A", w.rep1_id, kStartTime - 5);
  ov_activity(w.f, "on-la", "stage_changed", "la", std::nullopt, w.rep1_id, kStartTime - 4);
  ov_activity(w.f, "on-la-a", "tag_applied", "la", "A", w.rep1_id, kStartTime - 3);
  ov_activity(w.f, "on-b", "status_changed", std::nullopt, "B", w.rep2_id, kStartTime - 2);

  auto by_lead = w.f.call("GET", "/api/activities?leadId=la", w.admin);
  REQUIRE(by_lead.status == 200);
  CHECK(ov_ids(by_lead.data()) == std::set<std::string>{"on-la", "on-la-a"});
  CHECK(by_lead.body.at("pagination").at("total") == 2);

  // A company's feed includes the activities of its leads.
  auto by_company = w.f.call("GET", "/api/activities?companyId=A", w.admin);
  REQUIRE(by_company.status == 200);
  CHECK(ov_ids(by_company.data()) == std::set<std::string>{"on-a", "on-la", "on-la-a"});
  CHECK(by_company.data().as_array()[0].at("id") == "on-la-a");

  auto both = w.f.call("GET", "/api/activities?companyId=A&leadId=la", w.admin);
  CHECK(ov_ids(both.data()) == std::set<std::string>{"on-la", "on-la-a"});

  CHECK(w.f.call("GET", "/api/activities?leadId=nope", w.admin).status == 404);
  CHECK(w.f.call("GET", "/api/activities?companyId=nope", w.admin).status == 404);
}

TEST_CASE("overview: activity visibility for admin and reps") {
  OvWorld w;
  ov_activity(w.f, "c-a", "status_changed", std::nullopt, "A", w.f.admin_id(), kStartTime - 10);
  ov_activity(w.f, "l-la", "stage_changed", "la", std::nullopt, w.f.admin_id(), kStartTime - 9);
  ov_activity(w.f, "c-b", "status_changed", std::nullopt, "B", w.f.admin_id(), kStartTime - 8);
  ov_activity(w.f, "l-lb", "stage_changed", "lb", std::nullopt, w.f.admin_id(), kStartTime - 7);
  ov_activity(w.f, "c-p", "status_changed", std::nullopt, "P", w.f.admin_id(), kStartTime - 6);
  ov_activity(w.f, "l-ln", "stage_changed", "ln", std::nullopt, w.f.admin_id(), kStartTime - 5);
  ov_activity(w.f, "u-rep1", "user_event", std::nullopt, std::nullopt, w.rep1_id, kStartTime - 4);
  ov_activity(w.f, "u-admin", "user_event", std::nullopt, std::nullopt, w.f.admin_id(),
              kStartTime - 3);

  auto admin = w.f.call("GET", "/api/activities", w.admin);
  CHECK(admin.body.at("pagination").at("total") == 8);
  CHECK(ov_ids(admin.data()).size() == 8);

  auto rep1 = w.f.call("GET", "/api/activities", w.rep1);
  REQUIRE(rep1.status == 200);
  CHECK(ov_ids(rep1.data()) == std::set<std::string>{"c-a", "l-la", "c-p", "l-ln", "u-rep1"});
  CHECK(rep1.body.at("pagination").at("total") == 5);

  auto rep2 = w.f.call("GET", "/api/activities", w.rep2);
  CHECK(ov_ids(rep2.data()) == std::set<std::string>{"c-b", "l-lb", "c-p", "l-ln"});
  CHECK(rep2.body.at("pagination").at("total") == 4);

  // Another rep's lead or company: 404, exactly as if it did not exist.
  CHECK(w.f.call("GET", "/api/activities?leadId=lb", w.rep1).status == 404);
  CHECK(w.f.call("GET", "/api/activities?companyId=B", w.rep1).status == 404);
  auto own = w.f.call("GET", "/api/activities?companyId=A", w.rep1);
  REQUIRE(own.status == 200);
  CHECK(ov_ids(own.data()) == std::set<std::string>{"c-a", "l-la"});
  CHECK(own.body.at("pagination").at("total") == 2);
  auto pool_lead = w.f.call("GET", "/api/activities?leadId=ln", w.rep1);
  CHECK(pool_lead.body.at("pagination").at("total") == 1);
  CHECK(w.f.call("GET", "/api/activities?leadId=ln", w.rep2).status == 200);
  CHECK(w.f.call("GET", "/api/activities?companyId=P", w.rep2).status == 200);
}

TEST_CASE("overview: pipeline groups leads by stage with counts, revenue and cards") {
  OvWorld w;
  ov_company(w.f, "C", "CUSTOMER", std::nullopt);
  ov_company(w.f, "R", "PARTNER", std::nullopt);
  ov_company(w.f, "D", "DEAD", std::nullopt);
  ov_lead(w.f, "lc", "C", "NEW_LEAD", 999900);
  ov_lead(w.f, "lr", "R", "WON", 999900);
  ov_lead(w.f, "ld", "D", "QUALIFIED", 999900);
  ov_lead(w.f, "la2", "A", "NEW_LEAD", std::nullopt, kStartTime + 5);

  auto r = w.f.call("GET", "/api/pipeline", w.admin);
  REQUIRE(r.status == 200);
  const auto& stages = r.data().at("stages").as_array();
  REQUIRE(stages.size() == 8);
  const char* order[] = {"NEW_LEAD",    "CONTACTED", "QUALIFIED", "PROPOSAL_SENT",
                         "NEGOTIATING", "WON",       "LOST",      "BOGUS"};
  for (std::size_t i = 0; i < 8; ++i) CHECK(stages[i].at("stage") == order[i]);

  const auto& fresh = stages[0].as_object();
  CHECK(fresh.at("count") == 3);  // la, lb, la2 — not lc (CUSTOMER company)
  CHECK(fresh.at("revenue").to_number<double>() == doctest::Approx(3000.0));
  const auto& cards = fresh.at("leads").as_array();
  REQUIRE(cards.size() == 3);
  CHECK(cards[0].at("id") == "la2");  // newest-updated first
  CHECK(ov_ids(fresh.at("leads")) == std::set<std::string>{"la", "lb", "la2"});
  const auto& card =
      cards[1].as_object().at("id") == "la" ? cards[1].as_object() : cards[2].as_object();
  CHECK(card.at("contactName") == "Pat ct-la");
  CHECK(card.at("companyName") == "Company A");
  CHECK(card.at("stage") == "NEW_LEAD");
  CHECK(card.at("estimatedRevenue").to_number<double>() == doctest::Approx(1000.0));
  CHECK(card.at("contactId") == "ct-la");

  CHECK(stages[1].at("count") == 1);
  CHECK(stages[1].at("leads").as_array()[0].at("companyName").is_null());
  CHECK(stages[1].at("revenue").to_number<double>() == 0.0);
  CHECK(stages[2].at("count") == 1);  // lp; ld's company is DEAD
  CHECK(stages[2].at("revenue").to_number<double>() == doctest::Approx(1500.5));
  CHECK(stages[5].at("count") == 0);  // lr's company is a PARTNER
  CHECK(stages[5].at("leads").as_array().empty());

  const auto& totals = r.data().at("totals");
  CHECK(totals.at("count") == 5);
  CHECK(totals.at("revenue").to_number<double>() == doctest::Approx(4500.5));
}

TEST_CASE("overview: pipeline applies rep visibility") {
  OvWorld w;
  auto rep1 = w.f.call("GET", "/api/pipeline", w.rep1);
  REQUIRE(rep1.status == 200);
  const auto& stages = rep1.data().at("stages").as_array();
  CHECK(stages[0].at("count") == 1);
  CHECK(ov_ids(stages[0].at("leads")) == std::set<std::string>{"la"});
  CHECK(ov_ids(stages[1].at("leads")) == std::set<std::string>{"ln"});
  CHECK(ov_ids(stages[2].at("leads")) == std::set<std::string>{"lp"});
  CHECK(rep1.data().at("totals").at("count") == 3);
  CHECK(rep1.data().at("totals").at("revenue").to_number<double>() == doctest::Approx(2500.5));
  auto rep2 = w.f.call("GET", "/api/pipeline", w.rep2);
  CHECK(ov_ids(rep2.data().at("stages").as_array()[0].at("leads")) == std::set<std::string>{"lb"});
}

TEST_CASE("overview: pipeline caps cards per stage but counts every lead") {
  ApiFixture f;
  const auto admin = f.admin_token();
  for (int i = 0; i < 105; ++i)
    ov_lead(f, "bulk" + std::to_string(i), std::nullopt, "NEGOTIATING", 100, kStartTime + i);
  auto r = f.call("GET", "/api/pipeline", admin);
  REQUIRE(r.status == 200);
  const auto& col = r.data().at("stages").as_array()[4];
  CHECK(col.at("count") == 105);
  CHECK(col.at("revenue").to_number<double>() == doctest::Approx(105.0));
  REQUIRE(col.at("leads").as_array().size() == 100);
  CHECK(col.at("leads").as_array()[0].at("id") == "bulk104");
  CHECK(col.at("leads").as_array()[99].at("id") == "bulk5");
}

TEST_CASE("overview: dashboard task counts follow the UTC day of the clock") {
  OvWorld w;
  const TimeMs now = kStartTime;  // 2026-11-18T11:06:40Z
  const TimeMs today = now - now % kDayMs;
  ov_task(w.f, "overdue", w.rep1_id, today - kHourMs);
  ov_task(w.f, "today-early", w.rep1_id, today + kHourMs);  // earlier today: due today
  ov_task(w.f, "today-late", w.rep1_id, today + 20 * kHourMs);
  ov_task(w.f, "upcoming", w.rep1_id, today + 3 * kDayMs);
  ov_task(w.f, "undated", w.rep1_id, std::nullopt);
  ov_task(w.f, "done-today", w.rep1_id, today - kDayMs, today + 2 * kHourMs);
  ov_task(w.f, "done-before", w.rep1_id, today - kDayMs, today - kHourMs);
  ov_task(w.f, "other-rep", w.rep2_id, today - kHourMs);

  auto rep = w.f.call("GET", "/api/dashboard", w.rep1);
  REQUIRE(rep.status == 200);
  const auto& tasks = rep.data().at("tasks");
  CHECK(tasks.at("overdue") == 1);
  CHECK(tasks.at("dueToday") == 2);
  CHECK(tasks.at("upcoming") == 1);
  CHECK(tasks.at("completedToday") == 1);
  const auto& next = tasks.at("next").as_array();
  REQUIRE(next.size() == 5);
  CHECK(next[0].at("id") == "overdue");
  CHECK(next[1].at("id") == "today-early");
  CHECK(next[3].at("id") == "upcoming");
  CHECK(next[4].at("id") == "undated");
  CHECK(next[0].at("title") == "Task overdue");
  CHECK(rep.data().at("generatedAt").as_string() == format_iso(now));

  auto admin = w.f.call("GET", "/api/dashboard", w.admin);
  CHECK(admin.data().at("tasks").at("overdue") == 2);
  auto rep2 = w.f.call("GET", "/api/dashboard", w.rep2);
  CHECK(rep2.data().at("tasks").at("overdue") == 1);
  CHECK(rep2.data().at("tasks").at("dueToday") == 0);
  CHECK(rep2.data().at("tasks").at("next").as_array().size() == 1);

  // The next day, "today-late" is overdue and "done-today" no longer completed today.
  w.f.clock->advance(kDayMs);
  w.f.engine->runtime().dashboard_cache.invalidate();
  auto later = w.f.call("GET", "/api/dashboard", w.rep1);
  CHECK(later.data().at("tasks").at("overdue") == 3);
  CHECK(later.data().at("tasks").at("dueToday") == 0);
  CHECK(later.data().at("tasks").at("completedToday") == 0);
}

TEST_CASE("overview: dashboard next tasks are capped at 10") {
  ApiFixture f;
  const auto admin = f.admin_token();
  for (int i = 0; i < 12; ++i)
    ov_task(f, "t" + std::to_string(10 + i), f.admin_id(), kStartTime + i * kHourMs);
  auto r = f.call("GET", "/api/dashboard", admin);
  const auto& next = r.data().at("tasks").at("next").as_array();
  REQUIRE(next.size() == 10);
  CHECK(next[0].at("id") == "t10");
  CHECK(r.data().at("tasks").at("upcoming").as_int64() +
            r.data().at("tasks").at("dueToday").as_int64() ==
        12);
}

TEST_CASE("overview: dashboard pipeline, month-to-date revenue and positive replies") {
  OvWorld w;
  ov_company(w.f, "C", "CUSTOMER", std::nullopt);
  ov_lead(w.f, "lc", "C", "NEW_LEAD", 50000);
  ov_lead(w.f, "lwon", std::nullopt, "WON", 70000);
  const TimeMs month = start_of_month_utc(kStartTime);
  ov_payment(w.f, "p1", "A", 12345, month + kHourMs);
  ov_payment(w.f, "p2", "B", 20000, kStartTime - kMinuteMs);
  ov_payment(w.f, "p3", "P", 100, month);
  ov_payment(w.f, "p4", "A", 99999, month - 1);  // last month
  for (int i = 0; i < 12; ++i)
    ov_activity(w.f, "pr" + std::to_string(10 + i), "positive_reply_received", "lp", "P",
                std::nullopt, kStartTime - 100 + i);
  ov_activity(w.f, "pr-b", "positive_reply_received", "lb", "B", std::nullopt, kStartTime);
  ov_activity(w.f, "other", "sms_received", "lp", "P", std::nullopt, kStartTime);

  auto admin = w.f.call("GET", "/api/dashboard", w.admin);
  REQUIRE(admin.status == 200);
  const auto& d = admin.data();
  const auto& pipe = d.at("pipeline").as_array();
  REQUIRE(pipe.size() == 5);
  CHECK(pipe[0].at("stage") == "NEW_LEAD");
  CHECK(pipe[0].at("count") == 2);  // la, lb; lc's company is a CUSTOMER
  CHECK(pipe[0].at("revenue").to_number<double>() == doctest::Approx(3000.0));
  CHECK(pipe[4].at("stage") == "NEGOTIATING");
  CHECK(pipe[4].at("count") == 0);
  CHECK(d.at("mtdRevenue").to_number<double>() == doctest::Approx(324.45));
  const auto& replies = d.at("recentPositiveReplies").as_array();
  REQUIRE(replies.size() == 10);
  CHECK(replies[0].at("id") == "pr-b");
  CHECK(replies[1].at("id") == "pr21");
  CHECK(replies[0].at("type") == "positive_reply_received");

  auto rep1 = w.f.call("GET", "/api/dashboard", w.rep1);
  const auto& r1 = rep1.data();
  CHECK(r1.at("pipeline").as_array()[0].at("count") == 1);
  CHECK(r1.at("mtdRevenue").to_number<double>() == doctest::Approx(124.45));
  const auto& r1_replies = r1.at("recentPositiveReplies").as_array();
  REQUIRE(r1_replies.size() == 10);
  CHECK(r1_replies[0].at("id") == "pr21");
  CHECK_FALSE(ov_ids(r1.at("recentPositiveReplies")).contains("pr-b"));

  // Reassigned, a company's payments and leads follow it to its new rep (the maintained
  // per-scope sums move; the fixture's recount checks them against the rows at the end).
  REQUIRE(w.f.call("PATCH", "/api/companies/B", w.admin, json::value{{"assignedRepId", w.rep1_id}})
              .status == 200);
  auto moved = w.f.call("GET", "/api/dashboard", w.rep1).data();
  CHECK(moved.at("mtdRevenue").to_number<double>() == doctest::Approx(324.45));
  CHECK(moved.at("pipeline").as_array()[0].at("count") == 2);  // la and now lb
}

TEST_CASE("overview: dashboard is cached 60 s per visibility scope") {
  OvWorld w;
  ov_task(w.f, "t1", w.rep1_id, kStartTime + kHourMs);
  auto first = w.f.call("GET", "/api/dashboard", w.rep1);
  REQUIRE(first.status == 200);
  CHECK(first.data().at("tasks").at("next").as_array().size() == 1);

  // A direct insert bypasses the services, so nothing invalidates the cache.
  ov_task(w.f, "t2", w.rep1_id, kStartTime + 2 * kHourMs);
  w.f.clock->advance(59 * kSecondMs);
  auto cached = w.f.call("GET", "/api/dashboard", w.rep1);
  CHECK(cached.data().at("tasks").at("next").as_array().size() == 1);
  CHECK(cached.data().at("generatedAt").as_string() == format_iso(kStartTime));

  // Other scopes compute their own value.
  auto admin = w.f.call("GET", "/api/dashboard", w.admin);
  CHECK(admin.data().at("tasks").at("next").as_array().size() == 2);

  w.f.clock->advance(kSecondMs);  // 60 s after the first computation
  auto expired = w.f.call("GET", "/api/dashboard", w.rep1);
  CHECK(expired.data().at("tasks").at("next").as_array().size() == 2);
  CHECK(expired.data().at("generatedAt").as_string() == format_iso(kStartTime + 60 * kSecondMs));

  ov_task(w.f, "t3", w.rep1_id, kStartTime + 3 * kHourMs);
  CHECK(w.f.call("GET", "/api/dashboard", w.rep1).data().at("tasks").at("next").as_array().size() ==
        2);
  w.f.engine->runtime().dashboard_cache.invalidate();
  CHECK(w.f.call("GET", "/api/dashboard", w.rep1).data().at("tasks").at("next").as_array().size() ==
        3);
}
