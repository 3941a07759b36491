// GET /api/leads: the next task of each lead (rows::task_order, then id, read from the index
// tasks_lead_next: ties, undated tasks, completed ones and a REP's view), and the order of each
// lead's tags (sorted in C++).
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

std::string new_lead(ApiFixture& f, const std::string& token, const std::string& phone) {
  const auto contact =
      f.call("POST", "/api/contacts", token, json::value{{"firstName", "Tie"}, {"phone", phone}});
  REQUIRE(contact.status == 201);
  const auto lead =
      f.call("POST", "/api/leads", token, json::value{{"contactId", contact.data().at("id")}});
  REQUIRE(lead.status == 201);
  return std::string(lead.data().at("id").as_string());
}

void add_task(ApiFixture& f, const std::string& id, const std::string& lead_id,
              std::optional<TimeMs> due, TimeMs created,
              std::optional<std::string> assignee = std::nullopt, bool completed = false) {
  f.sql(
      "INSERT INTO tasks (id, lead_id, title, due_at, is_completed, assigned_to_id, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      id, lead_id, "Task " + id, due, completed ? 1 : 0, assignee, created, created);
}

json::value next_task_of(const ApiResult& page, const std::string& lead_id) {
  for (const auto& item : page.data().as_array())
    if (item.at("id") == json::value(lead_id)) return item.at("nextTask");
  FAIL("lead not on the page");
  return nullptr;
}

}  // namespace

TEST_CASE("lead list: the next task breaks due-date ties by creation, then by id") {
  ApiFixture f;
  const auto token = f.admin_token();
  const TimeMs now = f.clock->now_ms();
  const auto by_created = new_lead(f, token, "5553330001");
  add_task(f, "b-later", by_created, now + kDayMs, now + 2);
  add_task(f, "a-earlier", by_created, now + kDayMs, now + 1);
  add_task(f, "c-undated", by_created, std::nullopt, now);
  const auto by_id = new_lead(f, token, "5553330002");
  add_task(f, "z-task", by_id, now + kDayMs, now);
  add_task(f, "m-task", by_id, now + kDayMs, now);
  const auto undated = new_lead(f, token, "5553330003");
  add_task(f, "u-2", undated, std::nullopt, now + 5);
  add_task(f, "u-1", undated, std::nullopt, now + 6);

  const auto page = f.call("GET", "/api/leads", token);
  REQUIRE(page.status == 200);
  CHECK(next_task_of(page, by_created).at("id") == "a-earlier");
  CHECK(next_task_of(page, by_id).at("id") == "m-task");
  CHECK(next_task_of(page, undated).at("id") == "u-2");
}

TEST_CASE("lead list: the next task skips completed tasks and, for a REP, others' tasks") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep, rep_id] = f.make_user("rep@tasks.com");
  auto [other, other_id] = f.make_user("other@tasks.com");
  const TimeMs now = f.clock->now_ms();
  const auto lead = new_lead(f, admin, "5553330006");  // no company: every REP sees it
  add_task(f, "a-done", lead, now + 1, now, rep_id, true);
  add_task(f, "b-others", lead, now + 2, now, other_id);
  add_task(f, "c-mine", lead, now + 3, now, rep_id);
  add_task(f, "d-mine-undated", lead, std::nullopt, now, rep_id);
  const auto only_others = new_lead(f, admin, "5553330007");
  add_task(f, "e-others", only_others, now + 1, now, other_id);

  const auto as_admin = f.call("GET", "/api/leads", admin);
  REQUIRE(as_admin.status == 200);
  CHECK(next_task_of(as_admin, lead).at("id") == "b-others");
  CHECK(next_task_of(as_admin, only_others).at("id") == "e-others");
  const auto as_rep = f.call("GET", "/api/leads", rep);
  REQUIRE(as_rep.status == 200);
  CHECK(next_task_of(as_rep, lead).at("id") == "c-mine");
  CHECK(next_task_of(as_rep, only_others).is_null());
}

TEST_CASE("lead list: each lead's tags by application time, then sort order, then slug") {
  ApiFixture f;
  const auto token = f.admin_token();
  const TimeMs now = f.clock->now_ms();
  const auto lead = new_lead(f, token, "5553330004");
  const auto other = new_lead(f, token, "5553330005");
  const auto tag = [&](const std::string& slug, std::int64_t sort_order) {
    f.sql(
        "INSERT INTO tags (id, slug, name, category, sort_order, created_at, updated_at) "
        "VALUES (?, ?, ?, 'CUSTOM', ?, ?, ?)",
        "tag-" + slug, slug, "Tag " + slug, sort_order, now, now);
  };
  const auto apply = [&](const std::string& id, const std::string& lead_id, const std::string& slug,
                         TimeMs at) {
    f.sql("INSERT INTO lead_tags (id, lead_id, tag_id, applied_at) VALUES (?, ?, ?, ?)", id,
          lead_id, "tag-" + slug, at);
  };
  tag("zeta", 1);
  tag("alpha", 2);
  tag("beta", 2);
  tag("late", 0);
  apply("lt-1", lead, "late", now + 10);
  apply("lt-2", lead, "beta", now);
  apply("lt-3", lead, "alpha", now);
  apply("lt-4", lead, "zeta", now);
  apply("lt-5", other, "alpha", now + 1);
  f.sql(
      "INSERT INTO lead_tags (id, lead_id, tag_id, applied_at, removed_at) VALUES (?, ?, ?, ?, ?)",
      "lt-6", other, "tag-zeta", now, now + 1);

  const auto page = f.call("GET", "/api/leads", token);
  REQUIRE(page.status == 200);
  const auto slugs_of = [&](const std::string& lead_id) {
    std::vector<std::string> slugs;
    for (const auto& item : page.data().as_array())
      if (item.at("id") == json::value(lead_id))
        for (const auto& t : item.at("tags").as_array())
          slugs.emplace_back(t.at("slug").as_string());
    return slugs;
  };
  CHECK(slugs_of(lead) == std::vector<std::string>{"zeta", "alpha", "beta", "late"});
  CHECK(slugs_of(other) == std::vector<std::string>{"alpha"});  // the removed one is gone
}
