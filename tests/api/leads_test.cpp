// /api/leads*: list, create, detail, update, stage moves, soft delete (DOMAIN.md §3, §6).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

// Companies belong to another area; tests insert them directly.
std::string leads_company(ApiFixture& f, const std::string& id,
                          const std::optional<std::string>& rep_id,
                          const std::optional<std::string>& icp = std::nullopt) {
  f.sql(
      "INSERT INTO companies (id, name, icp_tag, assigned_rep_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      id, "Company " + id, icp, rep_id, f.clock->now_ms(), f.clock->now_ms());
  return id;
}

std::string leads_contact(ApiFixture& f, const json::value& body) {
  auto r = f.call("POST", "/api/contacts", f.admin_token(), body);
  REQUIRE(r.status == 201);
  return std::string(r.data().at("id").as_string());
}

std::string leads_create(ApiFixture& f, const std::string& token, const json::value& body) {
  auto r = f.call("POST", "/api/leads", token, body);
  REQUIRE(r.status == 201);
  f.clock->advance(kSecondMs);
  return std::string(r.data().at("id").as_string());
}

std::vector<std::string> leads_ids(const ApiResult& r) {
  std::vector<std::string> out;
  REQUIRE(r.status == 200);
  for (const auto& item : r.data().as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

std::int64_t leads_count(ApiFixture& f, std::string_view sql, const std::string& arg) {
  return f.sql(sql, arg).first().integer("n");
}

std::int64_t leads_stage_changes(ApiFixture& f, const std::string& lead_id) {
  return leads_count(
      f, "SELECT COUNT(*) AS n FROM activities WHERE type = 'stage_changed' AND lead_id = ?",
      lead_id);
}

json::value leads_last_activity(ApiFixture& f, const std::string& type,
                                const std::string& lead_id) {
  const auto res = f.sql(
      "SELECT data FROM activities WHERE type = ? AND lead_id = ? ORDER BY created_at DESC, id "
      "DESC",
      type, lead_id);
  REQUIRE_FALSE(res.empty());
  return json::parse(res.first().text("data"));
}

void leads_task(ApiFixture& f, const std::string& id, const std::string& lead_id,
                std::optional<TimeMs> due, bool completed = false,
                const std::optional<std::string>& run_id = std::nullopt) {
  f.sql(
      "INSERT INTO tasks (id, lead_id, sequence_run_id, title, due_at, is_completed, created_at, "
      "updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      id, lead_id, run_id, "Task " + id, due, completed, f.clock->now_ms(), f.clock->now_ms());
}

// A lead has at most one open run per tag (sequence_runs_one_open): the run id doubles as the
// run's tag slug.
void leads_run(ApiFixture& f, const std::string& id, const std::string& lead_id,
               const std::string& status) {
  f.sql(
      "INSERT INTO sequence_runs (id, lead_id, tag_slug, status, current_step, next_run_at, "
      "started_at) "
      "VALUES (?, ?, ?, ?, 2, ?, ?)",
      id, lead_id, id, status, f.clock->now_ms() + kHourMs, f.clock->now_ms());
}

}  // namespace

TEST_CASE("leads: every endpoint requires a token") {
  ApiFixture f;
  CHECK(f.call("GET", "/api/leads").status == 401);
  CHECK(f.call("POST", "/api/leads", "", json::value{{"contactId", "x"}}).status == 401);
  CHECK(f.call("GET", "/api/leads/x").status == 401);
  CHECK(f.call("PATCH", "/api/leads/x", "", json::value{{"source", "x"}}).status == 401);
  CHECK(f.call("PATCH", "/api/leads/x/stage", "", json::value{{"stage", "WON"}}).status == 401);
  CHECK(f.call("DELETE", "/api/leads/x").status == 401);
}

TEST_CASE("leads: create returns the lead, scores it and logs lead_created") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = leads_company(f, "co1", std::nullopt, std::string("icp-restaurant"));
  const auto contact = leads_contact(
      f, json::value{{"firstName", "Ann"}, {"email", "ann@x.com"}, {"companyId", company}});
  auto r = f.call("POST", "/api/leads", token,
                  json::value{{"contactId", contact},
                              {"source", " website "},
                              {"sourceCampaign", "spring"},
                              {"estimatedUnits", 12},
                              {"estimatedRevenue", "1500.50"}});
  REQUIRE(r.status == 201);
  const auto& l = r.data().as_object();
  const std::string id(l.at("id").as_string());
  CHECK(l.at("contactId") == json::value(contact));
  CHECK(l.at("companyId") == json::value(company));  // defaulted from the contact
  CHECK(l.at("ownerId") == json::value(f.admin_id()));
  CHECK(l.at("stage") == "NEW_LEAD");
  CHECK(l.at("stageChangedAt") == json::value(format_iso(kStartTime)));
  CHECK(l.at("source") == "website");
  CHECK(l.at("sourceCampaign") == "spring");
  CHECK(l.at("estimatedUnits") == 12);
  CHECK(l.at("estimatedRevenue").to_number<double>() == doctest::Approx(1500.5));
  CHECK(l.at("lostReason").is_null());
  CHECK(l.at("wonAt").is_null());
  CHECK(l.at("isDnc") == false);
  CHECK(l.at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK(l.at("updatedAt") == json::value(format_iso(kStartTime)));

  // Fit: ICP tag (20) + an unverified email (5); engagement starts at 0.
  const auto score = f.sql("SELECT fit, engagement, total FROM lead_scores WHERE lead_id = ?", id);
  REQUIRE(score.rows.size() == 1);
  CHECK(score.first().integer("fit") == 25);
  CHECK(score.first().integer("engagement") == 0);
  CHECK(score.first().integer("total") == 25);

  const auto act = f.sql(
      "SELECT company_id, user_id, data FROM activities WHERE type = 'lead_created' AND lead_id = "
      "?",
      id);
  REQUIRE(act.rows.size() == 1);
  CHECK(act.first().text("company_id") == company);
  CHECK(act.first().text("user_id") == f.admin_id());
  const auto data = json::parse(act.first().text("data"));
  CHECK(data.at("source") == "website");
  CHECK(data.at("stage") == "NEW_LEAD");
}

TEST_CASE("leads: create with an explicit company and stage") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = leads_company(f, "co1", std::nullopt);
  const auto contact = leads_contact(f, json::value{{"phone", "555-000-1111"}});
  auto r = f.call("POST", "/api/leads", token,
                  json::value{{"contactId", contact}, {"stage", "QUALIFIED"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("companyId").is_null());
  CHECK(r.data().at("stage") == "QUALIFIED");
  CHECK(r.data().at("estimatedRevenue").is_null());
  r = f.call("POST", "/api/leads", token,
             json::value{{"contactId", contact}, {"companyId", company}, {"stage", "WON"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("companyId") == json::value(company));
  CHECK(r.data().at("wonAt") == json::value(format_iso(kStartTime)));
  CHECK(f.sql("SELECT status FROM companies WHERE id = ?", company).first().text("status") ==
        "CUSTOMER");
}

TEST_CASE("leads: create validation and visibility") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep_a, rep_a_id] = f.make_user("a@reps.com");
  auto [rep_b, rep_b_id] = f.make_user("b@reps.com");
  const auto co_b = leads_company(f, "coB", rep_b_id);
  const auto co_a = leads_company(f, "coA", rep_a_id);
  const auto contact_b = leads_contact(f, json::value{{"email", "b@x.com"}, {"companyId", co_b}});
  const auto loose = leads_contact(f, json::value{{"email", "loose@x.com"}});

  auto r = f.call("POST", "/api/leads", admin, json::value{{"source", "x"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "contactId is required");
  CHECK(f.call("POST", "/api/leads", admin, json::value{{"contactId", "missing"}}).status == 404);
  r = f.call("POST", "/api/leads", admin, json::value{{"contactId", loose}, {"stage", "DONE"}});
  CHECK(r.status == 400);
  CHECK(r.error().find("stage") != std::string::npos);
  r = f.call("POST", "/api/leads", admin,
             json::value{{"contactId", loose}, {"estimatedUnits", -1}});
  CHECK(r.status == 400);
  CHECK(r.error().find("estimatedUnits") != std::string::npos);
  r = f.call("POST", "/api/leads", admin,
             json::value{{"contactId", loose}, {"estimatedUnits", 1.5}});
  CHECK(r.status == 400);
  r = f.call("POST", "/api/leads", admin,
             json::value{{"contactId", loose}, {"estimatedRevenue", -10}});
  CHECK(r.status == 400);
  CHECK(r.error().find("estimatedRevenue") != std::string::npos);
  r = f.call("POST", "/api/leads", admin,
             json::value{{"contactId", loose}, {"estimatedRevenue", "lots"}});
  CHECK(r.status == 400);
  CHECK(f.call("POST", "/api/leads", admin,
               json::value{{"contactId", loose}, {"companyId", "missing"}})
            .status == 404);

  // A rep cannot open a lead on another rep's contact or company.
  CHECK(f.call("POST", "/api/leads", rep_a, json::value{{"contactId", contact_b}}).status == 404);
  CHECK(f.call("POST", "/api/leads", rep_a, json::value{{"contactId", loose}, {"companyId", co_b}})
            .status == 404);
  r = f.call("POST", "/api/leads", rep_a, json::value{{"contactId", loose}, {"companyId", co_a}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("ownerId") == json::value(rep_a_id));
  CHECK(f.sql("SELECT COUNT(*) AS n FROM leads").first().integer("n") == 1);
}

TEST_CASE("leads: list item shape with tags, score and next task") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = leads_company(f, "co1", std::nullopt, std::string("icp-salon"));
  const auto contact = leads_contact(
      f, json::value{{"firstName", "Kim"}, {"email", "kim@x.com"}, {"companyId", company}});
  const auto id = leads_create(f, token, json::value{{"contactId", contact}});
  const auto bare = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"phone", "5553334444"}})}});

  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO lead_tags (id, lead_id, tag_id, applied_at) VALUES ('lt1', ?, "
      "'systag-icp-salon', ?)",
      id, now);
  f.sql(
      "INSERT INTO lead_tags (id, lead_id, tag_id, applied_at, removed_at) VALUES ('lt2', ?, "
      "'systag-no-answer', ?, ?)",
      id, now, now);
  leads_task(f, "t-late", id, now + 2 * kDayMs);
  leads_task(f, "t-undated", id, std::nullopt);
  leads_task(f, "t-next", id, now + kDayMs);
  leads_task(f, "t-done", id, now - kDayMs, true);

  auto r = f.call("GET", "/api/leads", token);
  REQUIRE(r.status == 200);
  REQUIRE(r.data().as_array().size() == 2);
  CHECK(r.data().as_array()[0].at("id") == json::value(bare));
  const auto& item = r.data().as_array()[1].as_object();
  CHECK(item.at("id") == json::value(id));
  CHECK(item.at("stage") == "NEW_LEAD");
  CHECK(item.at("contact").at("id") == json::value(contact));
  CHECK(item.at("contact").at("fullName") == "Kim");
  CHECK(item.at("company").at("id") == json::value(company));
  CHECK(item.at("company").at("icpTag") == "icp-salon");
  REQUIRE(item.at("tags").as_array().size() == 1);
  const auto& tag = item.at("tags").as_array()[0];
  CHECK(tag.at("slug") == "icp-salon");
  CHECK(tag.at("name") == "Salon & Spa");
  CHECK(tag.at("category") == "ICP");
  CHECK(tag.at("appliedAt") == json::value(format_iso(now)));
  CHECK(item.at("score").at("fit") == 25);
  CHECK(item.at("score").at("engagement") == 0);
  CHECK(item.at("score").at("total") == 25);
  CHECK(item.at("nextTask").at("id") == "t-next");
  CHECK(item.at("nextTask").at("title") == "Task t-next");

  const auto& other = r.data().as_array()[0].as_object();
  CHECK(other.at("company").is_null());
  CHECK(other.at("tags").as_array().empty());
  CHECK(other.at("nextTask").is_null());
  CHECK(other.at("score").at("fit") == 5);
}

TEST_CASE("leads: list filters and pagination") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto acme = leads_company(f, "acme", std::nullopt, std::string("icp-retail"));
  f.sql("UPDATE companies SET name = 'Acme Bakery' WHERE id = 'acme'");
  const auto other = leads_company(f, "other", std::nullopt, std::string("icp-salon"));
  const auto c1 = leads_contact(f, json::value{{"firstName", "Zed"},
                                               {"lastName", "Quinn"},
                                               {"email", "zed@quinn.io"},
                                               {"phone", "(555) 867-5309"},
                                               {"companyId", acme}});
  const auto c2 = leads_contact(
      f, json::value{{"firstName", "Amy"}, {"email", "amy@shop.io"}, {"companyId", other}});
  const auto c3 = leads_contact(f, json::value{{"firstName", "Loose"}, {"phone", "555-111-2222"}});
  const auto l1 = leads_create(f, token, json::value{{"contactId", c1}, {"source", "web"}});
  const auto l2 = leads_create(
      f, token, json::value{{"contactId", c2}, {"source", "import"}, {"stage", "CONTACTED"}});
  const auto l3 = leads_create(
      f, token, json::value{{"contactId", c3}, {"source", "web"}, {"stage", "CONTACTED"}});

  CHECK(leads_ids(f.call("GET", "/api/leads", token)) == std::vector<std::string>{l3, l2, l1});
  CHECK(leads_ids(f.call("GET", "/api/leads?stage=CONTACTED", token)) ==
        std::vector<std::string>{l3, l2});
  CHECK(leads_ids(f.call("GET", "/api/leads?stage=WON", token)).empty());
  auto bad = f.call("GET", "/api/leads?stage=FINISHED", token);
  CHECK(bad.status == 400);
  CHECK(bad.error().find("stage") != std::string::npos);
  CHECK(leads_ids(f.call("GET", "/api/leads?source=web", token)) ==
        std::vector<std::string>{l3, l1});
  CHECK(leads_ids(f.call("GET", "/api/leads?icp=icp-salon", token)) ==
        std::vector<std::string>{l2});
  CHECK(leads_ids(f.call("GET", "/api/leads?search=quinn", token)) == std::vector<std::string>{l1});
  CHECK(leads_ids(f.call("GET", "/api/leads?search=AMY@SHOP", token)) ==
        std::vector<std::string>{l2});
  CHECK(leads_ids(f.call("GET", "/api/leads?search=867-53", token)) ==
        std::vector<std::string>{l1});
  CHECK(leads_ids(f.call("GET", "/api/leads?search=bakery", token)) ==
        std::vector<std::string>{l1});
  CHECK(leads_ids(f.call("GET", "/api/leads?search=web&stage=CONTACTED", token)).empty());
  CHECK(leads_ids(f.call("GET", "/api/leads?source=web&stage=CONTACTED", token)) ==
        std::vector<std::string>{l3});

  auto r = f.call("GET", "/api/leads?limit=2", token);
  CHECK(leads_ids(r) == std::vector<std::string>{l3, l2});
  CHECK(r.body.at("pagination").at("total") == 3);
  CHECK(r.body.at("pagination").at("totalPages") == 2);
  CHECK(r.body.at("pagination").at("limit") == 2);
  r = f.call("GET", "/api/leads?limit=2&page=2", token);
  CHECK(leads_ids(r) == std::vector<std::string>{l1});
  CHECK(r.body.at("pagination").at("page") == 2);
  CHECK(f.call("GET", "/api/leads?limit=500", token).body.at("pagination").at("limit") == 100);
  CHECK(f.call("GET", "/api/leads?page=x", token).status == 400);
}

// A term most leads match is paged by walking the newest leads and probing each; a rare one from
// its matches, and so is a common one whose matches the walk does not reach. All must give the
// same pages: every match once, newest first, with the exact total, whichever plan each page
// takes (page 1 of a dense term walks; deep pages, sparse terms and matches bunched among old
// leads are found from the matches).
TEST_CASE("leads: search pages are the same whether walked or driven by the matches") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto firm = leads_company(f, "firm", std::nullopt);
  f.sql("UPDATE companies SET name = 'Commonwealth Ltd' WHERE id = 'firm'");
  std::vector<std::string> common, rare, old;  // newest first, as the list orders them
  for (int i = 0; i < 24; ++i) {
    // The newest lead matches by its company only: on the walked first pages.
    const bool by_company = i == 23, by_name = i % 6 != 0 && !by_company;
    json::value contact{{"firstName", by_name ? "Common" : "Other"},
                        {"lastName", (i < 14 ? "Oldname" : "Newname") + std::to_string(i)},
                        {"email", "p" + std::to_string(i) + "@longdomain-example.com"}};
    if (by_company) contact.as_object()["companyId"] = firm;
    const auto id = leads_create(f, token,
                                 json::value{{"contactId", leads_contact(f, contact)},
                                             {"stage", i % 2 == 0 ? "NEW_LEAD" : "CONTACTED"}});
    if (by_name || by_company) common.insert(common.begin(), id);
    if (!by_name) rare.insert(rare.begin(), id);
    if (i < 14) old.insert(old.begin(), id);
  }
  REQUIRE(common.size() == 20);
  const auto all_pages = [&](const std::string& query, int limit) {
    std::vector<std::string> ids;
    for (int page = 1;; ++page) {
      auto r = f.call("GET",
                      "/api/leads?" + query + "&limit=" + std::to_string(limit) +
                          "&page=" + std::to_string(page),
                      token);
      REQUIRE(r.status == 200);
      const auto total = r.body.at("pagination").at("total").as_int64();
      const auto got = leads_ids(r);
      if (got.empty()) {
        CHECK(static_cast<std::size_t>(total) == ids.size());
        return ids;
      }
      ids.insert(ids.end(), got.begin(), got.end());
    }
  };
  for (int limit : {1, 3, 5, 50}) {
    INFO("limit " << limit);
    CHECK(all_pages("search=common", limit) == common);
    CHECK(all_pages("search=NAME", limit).size() == 24);
    // Many matches, all among the older leads: a walk of the newest finds none of them.
    CHECK(all_pages("search=oldname", limit) == old);
    CHECK(all_pages("search=other", limit) == rare);
    std::vector<std::string> contacted;
    for (const auto& id : common)
      if (f.sql("SELECT stage FROM leads WHERE id = ?", id).first().text("stage") == "CONTACTED")
        contacted.push_back(id);
    CHECK(all_pages("search=common&stage=CONTACTED", limit) == contacted);
    // Terms longer than the index is asked for: one every lead matches, one that only starts
    // like them.
    CHECK(all_pages("search=longdomain-example.com", limit).size() == 24);
    CHECK(all_pages("search=longdomain-example.cz", limit).empty());
  }
}

TEST_CASE("leads: visibility for reps on reads and writes") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep_a, rep_a_id] = f.make_user("a@reps.com");
  auto [rep_b, rep_b_id] = f.make_user("b@reps.com");
  const auto co_a = leads_company(f, "coA", rep_a_id);
  const auto co_b = leads_company(f, "coB", rep_b_id);
  const auto pool = leads_company(f, "coPool", std::nullopt);
  const auto la = leads_create(
      f, admin,
      json::value{
          {"contactId", leads_contact(f, json::value{{"email", "a@x.com"}, {"companyId", co_a}})}});
  const auto lb = leads_create(
      f, admin,
      json::value{
          {"contactId", leads_contact(f, json::value{{"email", "b@x.com"}, {"companyId", co_b}})}});
  const auto lp = leads_create(
      f, admin,
      json::value{
          {"contactId", leads_contact(f, json::value{{"email", "p@x.com"}, {"companyId", pool}})}});
  const auto ln = leads_create(
      f, admin, json::value{{"contactId", leads_contact(f, json::value{{"email", "n@x.com"}})}});

  CHECK(leads_ids(f.call("GET", "/api/leads", admin)).size() == 4);
  auto r = f.call("GET", "/api/leads", rep_a);
  CHECK(leads_ids(r) == std::vector<std::string>{ln, lp, la});
  CHECK(r.body.at("pagination").at("total") == 3);
  CHECK(leads_ids(f.call("GET", "/api/leads", rep_b)) == std::vector<std::string>{ln, lp, lb});

  CHECK(f.call("GET", "/api/leads/" + la, rep_a).status == 200);
  CHECK(f.call("GET", "/api/leads/" + lp, rep_a).status == 200);
  CHECK(f.call("GET", "/api/leads/" + ln, rep_a).status == 200);
  CHECK(f.call("GET", "/api/leads/" + lb, rep_a).status == 404);
  CHECK(f.call("PATCH", "/api/leads/" + lb, rep_a, json::value{{"source", "stolen"}}).status ==
        404);
  CHECK(
      f.call("PATCH", "/api/leads/" + lb + "/stage", rep_a, json::value{{"stage", "WON"}}).status ==
      404);
  CHECK(f.call("DELETE", "/api/leads/" + lb, rep_a).status == 404);
  const auto row = f.sql("SELECT stage, source FROM leads WHERE id = ?", lb).first();
  CHECK(row.text("stage") == "NEW_LEAD");
  CHECK(row.is_null("source"));
  CHECK(leads_stage_changes(f, lb) == 0);

  CHECK(f.call("PATCH", "/api/leads/" + lp + "/stage", rep_a, json::value{{"stage", "CONTACTED"}})
            .status == 200);
  CHECK(f.call("GET", "/api/leads/missing", admin).status == 404);
}

TEST_CASE("leads: detail shape") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = leads_company(f, "co1", std::nullopt, std::string("icp-retail"));
  const auto contact = leads_contact(
      f, json::value{{"firstName", "Dee"}, {"email", "dee@x.com"}, {"companyId", company}});
  const auto id = leads_create(f, token, json::value{{"contactId", contact}});
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO lead_tags (id, lead_id, tag_id, applied_at) VALUES ('lt1', ?, "
      "'systag-icp-retail', ?)",
      id, now);
  leads_task(f, "t-undated", id, std::nullopt);
  leads_task(f, "t-2", id, now + 2 * kDayMs);
  leads_task(f, "t-1", id, now + kDayMs);
  leads_task(f, "t-done", id, now, true);
  leads_run(f, "run-active", id, "ACTIVE");
  leads_run(f, "run-paused", id, "PAUSED");
  leads_run(f, "run-done", id, "COMPLETED");
  f.sql(
      "INSERT INTO invoices (id, number, company_id, lead_id, status, total, amount_paid, "
      "payment_token, "
      "created_at, updated_at) VALUES ('inv1', 'INV-2026-0001', ?, ?, 'PARTIAL', 10000, 2550, "
      "'tok', ?, ?)",
      company, id, now, now);
  f.clock->advance(kSecondMs);
  REQUIRE(f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", "CONTACTED"}})
              .status == 200);

  auto r = f.call("GET", "/api/leads/" + id, token);
  REQUIRE(r.status == 200);
  const auto& d = r.data().as_object();
  CHECK(d.at("id") == json::value(id));
  CHECK(d.at("stage") == "CONTACTED");
  CHECK(d.at("contact").at("id") == json::value(contact));
  CHECK(d.at("company").at("id") == json::value(company));
  CHECK(d.at("company").as_object().contains("taxable"));  // the full company record
  CHECK(d.at("company").at("icpTag") == "icp-retail");
  REQUIRE(d.at("tags").as_array().size() == 1);
  CHECK(d.at("tags").as_array()[0].at("slug") == "icp-retail");

  std::vector<std::string> tasks;
  for (const auto& t : d.at("tasks").as_array()) tasks.emplace_back(t.at("id").as_string());
  CHECK(tasks == std::vector<std::string>{"t-1", "t-2", "t-undated"});

  const auto& activities = d.at("activities").as_array();
  REQUIRE(activities.size() == 2);
  CHECK(activities[0].at("type") == "stage_changed");
  CHECK(activities[0].at("data").at("from") == "NEW_LEAD");
  CHECK(activities[0].at("data").at("to") == "CONTACTED");
  CHECK(activities[0].at("user").at("id") == json::value(f.admin_id()));
  CHECK(activities[1].at("type") == "lead_created");

  std::vector<std::string> runs;
  for (const auto& run : d.at("sequenceRuns").as_array())
    runs.emplace_back(run.at("id").as_string());
  CHECK(runs.size() == 2);
  CHECK(std::find(runs.begin(), runs.end(), "run-done") == runs.end());
  CHECK(d.at("sequenceRuns").as_array()[0].at("tagSlug") == "run-active");
  CHECK(d.at("sequenceRuns").as_array()[0].at("currentStep") == 2);

  REQUIRE(d.at("invoices").as_array().size() == 1);
  const auto& inv = d.at("invoices").as_array()[0];
  CHECK(inv.at("number") == "INV-2026-0001");
  CHECK(inv.at("status") == "PARTIAL");
  CHECK(inv.at("total") == 100);
  CHECK(inv.at("amountPaid").to_number<double>() == doctest::Approx(25.5));
  CHECK(inv.at("balance").to_number<double>() == doctest::Approx(74.5));
  CHECK(d.at("score").at("fit") == 25);
}

TEST_CASE("leads: detail keeps only the newest 50 activities") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto id = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "a@x.com"}})}});
  const LeadStage cycle[] = {LeadStage::kContacted, LeadStage::kQualified};
  for (int i = 0; i < 60; ++i) {
    f.clock->advance(kSecondMs);
    REQUIRE(f.call("PATCH", "/api/leads/" + id + "/stage", token,
                   json::value{{"stage", std::string(to_string(cycle[i % 2]))}})
                .status == 200);
  }
  const auto r = f.call("GET", "/api/leads/" + id, token);
  const auto& activities = r.data().at("activities").as_array();
  CHECK(activities.size() == 50);
  CHECK(activities[0].at("createdAt") == json::value(format_iso(f.clock->now_ms())));
  CHECK(activities[0].at("data").at("to") == "QUALIFIED");
}

TEST_CASE("leads: PATCH updates fields and the nested contact in one transaction") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto contact = leads_contact(f, json::value{{"firstName", "Old"}, {"email", "old@x.com"}});
  leads_contact(f, json::value{{"email", "taken@x.com"}});
  const auto id = leads_create(
      f, token, json::value{{"contactId", contact}, {"source", "web"}, {"estimatedUnits", 3}});

  auto r = f.call(
      "PATCH", "/api/leads/" + id, token,
      json::value{
          {"source", "referral"},
          {"estimatedUnits", 7},
          {"estimatedRevenue", 99.99},
          {"contact", {{"firstName", "New"}, {"lastName", "Name"}, {"phone", "555-321-0000"}}}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("source") == "referral");
  CHECK(r.data().at("estimatedUnits") == 7);
  CHECK(r.data().at("estimatedRevenue").to_number<double>() == doctest::Approx(99.99));
  CHECK(r.data().at("stage") == "NEW_LEAD");
  CHECK(leads_stage_changes(f, id) == 0);
  const auto c = f.call("GET", "/api/contacts/" + contact, token).data();
  CHECK(c.at("fullName") == "New Name");
  CHECK(c.at("phoneE164") == "+15553210000");
  // The new phone raised the fit (email 5 + phone 5).
  CHECK(f.sql("SELECT fit FROM lead_scores WHERE lead_id = ?", id).first().integer("fit") == 10);

  r = f.call("PATCH", "/api/leads/" + id, token,
             json::value{{"estimatedUnits", nullptr}, {"source", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("estimatedUnits").is_null());
  CHECK(r.data().at("source").is_null());
  CHECK(r.data().at("estimatedRevenue").to_number<double>() == doctest::Approx(99.99));

  // A failing nested contact rolls the whole update back.
  r = f.call("PATCH", "/api/leads/" + id, token,
             json::value{{"source", "should-not-stick"},
                         {"stage", "CONTACTED"},
                         {"contact", {{"email", "taken@x.com"}}}});
  CHECK(r.status == 409);
  CHECK(r.body.as_object().contains("existingContactId"));
  const auto row = f.sql("SELECT source, stage FROM leads WHERE id = ?", id).first();
  CHECK(row.is_null("source"));
  CHECK(row.text("stage") == "NEW_LEAD");
  CHECK(leads_stage_changes(f, id) == 0);

  CHECK(f.call("PATCH", "/api/leads/" + id, token, json::value{{"estimatedUnits", -2}}).status ==
        400);
  CHECK(
      f.call("PATCH", "/api/leads/" + id, token, json::value{{"estimatedRevenue", -0.01}}).status ==
      400);
  CHECK(f.call("PATCH", "/api/leads/" + id, token, json::value{{"stage", "NOPE"}}).status == 400);
  CHECK(f.call("PATCH", "/api/leads/" + id, token, json::value{{"contact", "nope"}}).status == 400);
  CHECK(f.call("PATCH", "/api/leads/" + id, token,
               json::value{{"contact", {{"email", nullptr}, {"phone", nullptr}}}})
            .status == 400);
  CHECK(f.call("PATCH", "/api/leads/missing", token, json::value{{"source", "x"}}).status == 404);
}

TEST_CASE("leads: PATCH stage goes through the rule with lostReason as the reason") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto id = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "a@x.com"}})}});
  f.clock->advance(kMinuteMs);
  auto r = f.call("PATCH", "/api/leads/" + id, token,
                  json::value{{"stage", "LOST"}, {"lostReason", "Too expensive"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("stage") == "LOST");
  CHECK(r.data().at("lostReason") == "Too expensive");
  CHECK(r.data().at("stageChangedAt") == json::value(format_iso(f.clock->now_ms())));
  const auto data = leads_last_activity(f, "stage_changed", id);
  CHECK(data.at("from") == "NEW_LEAD");
  CHECK(data.at("to") == "LOST");
  CHECK(data.at("reason") == "Too expensive");

  // Updating the reason of a lead already LOST is a field update, not a stage change.
  r = f.call("PATCH", "/api/leads/" + id, token,
             json::value{{"stage", "LOST"}, {"lostReason", "Went with a competitor"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("lostReason") == "Went with a competitor");
  CHECK(leads_stage_changes(f, id) == 1);
}

TEST_CASE("leads: stage endpoint validation and same-stage no-op") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto id = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "a@x.com"}})}});
  auto r = f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"reason", "x"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "stage is required");
  r = f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", "won"}});
  CHECK(r.status == 400);
  CHECK(f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", 3}}).status ==
        400);
  CHECK(f.call("PATCH", "/api/leads/missing/stage", token, json::value{{"stage", "WON"}}).status ==
        404);

  f.clock->advance(kHourMs);
  r = f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", "NEW_LEAD"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("stage") == "NEW_LEAD");
  CHECK(r.data().at("stageChangedAt") == json::value(format_iso(kStartTime)));
  CHECK(r.data().at("updatedAt") == json::value(format_iso(kStartTime)));
  CHECK(leads_stage_changes(f, id) == 0);
}

TEST_CASE("leads: entering WON sets wonAt and makes the company a customer") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = leads_company(f, "co1", std::nullopt);
  const auto contact = leads_contact(f, json::value{{"email", "a@x.com"}, {"companyId", company}});
  const auto id = leads_create(f, token, json::value{{"contactId", contact}});
  const auto second = leads_create(f, token, json::value{{"contactId", contact}});
  f.clock->advance(kMinuteMs);
  auto r = f.call("PATCH", "/api/leads/" + id + "/stage", token,
                  json::value{{"stage", "WON"}, {"reason", "signed"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("stage") == "WON");
  CHECK(r.data().at("wonAt") == json::value(format_iso(f.clock->now_ms())));
  CHECK(r.data().at("stageChangedAt") == json::value(format_iso(f.clock->now_ms())));
  CHECK(leads_last_activity(f, "stage_changed", id).at("reason") == "signed");
  CHECK(f.sql("SELECT status FROM companies WHERE id = ?", company).first().text("status") ==
        "CUSTOMER");
  const auto status = f.sql(
      "SELECT lead_id, company_id, user_id, data FROM activities WHERE type = 'status_changed'");
  REQUIRE(status.rows.size() == 1);
  CHECK(status.first().text("company_id") == company);
  CHECK(status.first().text("lead_id") == id);
  CHECK(status.first().text("user_id") == f.admin_id());
  const auto data = json::parse(status.first().text("data"));
  CHECK(data.at("from") == "LEAD");
  CHECK(data.at("to") == "CUSTOMER");

  // The company is already a customer: no second status_changed.
  REQUIRE(f.call("PATCH", "/api/leads/" + second + "/stage", token, json::value{{"stage", "WON"}})
              .status == 200);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM activities WHERE type = 'status_changed'")
            .first()
            .integer("n") == 1);

  // A lead without a company wins without touching any company.
  const auto loose = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "b@x.com"}})}});
  r = f.call("PATCH", "/api/leads/" + loose + "/stage", token, json::value{{"stage", "WON"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("wonAt").is_string());
}

TEST_CASE("leads: LOST stores the reason and leaving LOST clears it") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto id = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "a@x.com"}})}});
  auto r = f.call("PATCH", "/api/leads/" + id + "/stage", token,
                  json::value{{"stage", "LOST"}, {"lostReason", "No budget"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("lostReason") == "No budget");
  CHECK(leads_last_activity(f, "stage_changed", id).at("reason") == "No budget");
  f.clock->advance(kSecondMs);
  r = f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", "QUALIFIED"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("stage") == "QUALIFIED");
  CHECK(r.data().at("lostReason").is_null());
  CHECK(leads_last_activity(f, "stage_changed", id).at("reason").is_null());
  CHECK(leads_stage_changes(f, id) == 2);
}

TEST_CASE("leads: closing stages cancel active runs and drop their open tasks") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto id = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "a@x.com"}})}});
  const auto other = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "b@x.com"}})}});
  const TimeMs now = f.clock->now_ms();
  leads_run(f, "run-active", id, "ACTIVE");
  leads_run(f, "run-paused", id, "PAUSED");
  leads_run(f, "run-done", id, "COMPLETED");
  leads_run(f, "run-other", other, "ACTIVE");
  leads_task(f, "t-run-open", id, now + kDayMs, false, std::string("run-active"));
  leads_task(f, "t-paused-open", id, std::nullopt, false, std::string("run-paused"));
  leads_task(f, "t-run-done", id, now, true, std::string("run-active"));
  leads_task(f, "t-finished-run", id, now, false, std::string("run-done"));
  leads_task(f, "t-manual", id, now + kDayMs);
  leads_task(f, "t-other", other, now, false, std::string("run-other"));

  // An open stage does not touch runs.
  REQUIRE(f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", "CONTACTED"}})
              .status == 200);
  CHECK(leads_count(
            f, "SELECT COUNT(*) AS n FROM sequence_runs WHERE lead_id = ? AND status = 'CANCELED'",
            id) == 0);

  f.clock->advance(kMinuteMs);
  REQUIRE(
      f.call("PATCH", "/api/leads/" + id + "/stage", token, json::value{{"stage", "WON"}}).status ==
      200);
  const auto runs =
      f.sql("SELECT id, status, ended_at, cancel_reason FROM sequence_runs ORDER BY id");
  std::map<std::string, sql::Row> by_id;
  for (const auto& row : runs.rows) by_id.emplace(row.text("id"), row);
  CHECK(by_id.at("run-active").text("status") == "CANCELED");
  CHECK(by_id.at("run-active").text("cancel_reason") == "stage_won");
  CHECK(by_id.at("run-active").integer("ended_at") == f.clock->now_ms());
  CHECK(by_id.at("run-paused").text("status") == "CANCELED");
  CHECK(by_id.at("run-done").text("status") == "COMPLETED");
  CHECK(by_id.at("run-done").is_null("cancel_reason"));
  CHECK(by_id.at("run-other").text("status") == "ACTIVE");

  std::vector<std::string> tasks;
  for (const auto& row : f.sql("SELECT id FROM tasks ORDER BY id").rows)
    tasks.push_back(row.text("id"));
  CHECK(tasks == std::vector<std::string>{"t-finished-run", "t-manual", "t-other", "t-run-done"});

  const auto r = f.call("GET", "/api/leads/" + id, token);
  CHECK(r.data().at("sequenceRuns").as_array().empty());
}

TEST_CASE("leads: LOST and BOGUS cancel runs with their own reason") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto lost = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "a@x.com"}})}});
  const auto bogus = leads_create(
      f, token, json::value{{"contactId", leads_contact(f, json::value{{"email", "b@x.com"}})}});
  leads_run(f, "run-lost", lost, "ACTIVE");
  leads_run(f, "run-bogus", bogus, "PAUSED");
  REQUIRE(f.call("PATCH", "/api/leads/" + lost + "/stage", token, json::value{{"stage", "LOST"}})
              .status == 200);
  REQUIRE(f.call("DELETE", "/api/leads/" + bogus, token).status == 200);
  CHECK(f.sql("SELECT cancel_reason FROM sequence_runs WHERE id = 'run-lost'")
            .first()
            .text("cancel_reason") == "stage_lost");
  CHECK(f.sql("SELECT cancel_reason FROM sequence_runs WHERE id = 'run-bogus'")
            .first()
            .text("cancel_reason") == "stage_bogus");
}

TEST_CASE("leads: DELETE is a soft delete to BOGUS") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = leads_company(f, "co1", std::nullopt);
  const auto id = leads_create(
      f, token,
      json::value{{"contactId",
                   leads_contact(f, json::value{{"email", "a@x.com"}, {"companyId", company}})}});
  auto r = f.call("DELETE", "/api/leads/" + id, token);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("id") == json::value(id));
  CHECK(r.data().at("stage") == "BOGUS");
  const auto data = leads_last_activity(f, "stage_changed", id);
  CHECK(data.at("from") == "NEW_LEAD");
  CHECK(data.at("to") == "BOGUS");
  CHECK(f.sql("SELECT status FROM companies WHERE id = ?", company).first().text("status") ==
        "LEAD");
  // Still readable, and deleting again changes nothing.
  CHECK(f.call("GET", "/api/leads/" + id, token).data().at("stage") == "BOGUS");
  CHECK(f.call("DELETE", "/api/leads/" + id, token).status == 200);
  CHECK(leads_stage_changes(f, id) == 1);
  CHECK(f.call("DELETE", "/api/leads/missing", token).status == 404);
}
