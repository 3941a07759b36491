// /api/tasks* (DOMAIN.md §9): a REP sees and edits their own tasks, an ADMIN all.
#include <doctest/doctest.h>

#include "automation_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::automation;
namespace json = boost::json;

namespace {

std::string create(ApiFixture& f, const std::string& token, json::object body) {
  auto r = f.call("POST", "/api/tasks", token, json::value(std::move(body)));
  INFO(r.raw.body);
  REQUIRE(r.status == 201);
  return std::string(r.data().at("id").as_string());
}

std::vector<std::string> titles(const ApiResult& r) {
  std::vector<std::string> out;
  for (const auto& t : r.data().as_array()) out.emplace_back(t.at("title").as_string());
  return out;
}

}  // namespace

TEST_CASE("tasks: every endpoint requires a token") {
  ApiFixture f;
  CHECK(f.call("GET", "/api/tasks").status == 401);
  CHECK(f.call("POST", "/api/tasks", "", json::value{{"title", "x"}}).status == 401);
  CHECK(f.call("GET", "/api/tasks/x").status == 401);
  CHECK(f.call("PATCH", "/api/tasks/x", "", json::value{{"title", "x"}}).status == 401);
  CHECK(f.call("DELETE", "/api/tasks/x").status == 401);
}

TEST_CASE("tasks: create, with the lead's company, logged on the lead") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  const auto co = company(f, rep, {{"name", "Shop"}});
  const auto l = reachable_lead(f, rep, "a@x.com", co);
  auto r = f.call("POST", "/api/tasks", rep,
                  json::value{{"leadId", l.lead},
                              {"title", " Call Dana "},
                              {"description", "About pricing\nand terms"},
                              {"taskType", "CALL"},
                              {"priority", "HIGH"},
                              {"dueAt", "2026-11-20T15:00:00-05:00"},
                              {"durationMin", 15},
                              {"pushToCalendar", true}});
  REQUIRE(r.status == 201);
  const auto& t = r.data().as_object();
  CHECK(t.at("title") == "Call Dana");
  CHECK(t.at("leadId") == l.lead.c_str());
  CHECK(t.at("companyId") == co.c_str());
  CHECK(t.at("assignedToId") == rep_id.c_str());
  CHECK(t.at("createdById") == rep_id.c_str());
  CHECK(t.at("taskType") == "CALL");
  CHECK(t.at("priority") == "HIGH");
  CHECK(t.at("dueAt") == "2026-11-20T20:00:00.000Z");
  CHECK(t.at("durationMin") == 15);
  CHECK(t.at("isCompleted") == false);
  CHECK(t.at("lead").at("contactName") == "Dana Diaz");
  CHECK(t.at("company").at("name") == "Shop");
  CHECK(t.at("assignedTo").at("id") == rep_id.c_str());
  const auto logged = last_activity(f, l.lead, "task_created");
  CHECK(logged.at("taskId") == t.at("id"));
  CHECK(logged.at("title") == "Call Dana");

  // Defaults; no lead, no activity.
  r = f.call("POST", "/api/tasks", rep, json::value{{"title", "Plain"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("taskType") == "FOLLOW_UP");
  CHECK(r.data().at("priority") == "MEDIUM");
  CHECK(r.data().at("durationMin") == 30);
  CHECK(r.data().at("dueAt").is_null());
  CHECK(r.data().at("lead").is_null());

  for (const auto& bad : {json::value{{"description", "no title"}}, json::value{{"title", ""}},
                          json::value{{"title", "x"}, {"taskType", "NAP"}},
                          json::value{{"title", "x"}, {"priority", "ASAP"}},
                          json::value{{"title", "x"}, {"dueAt", "tomorrow"}},
                          json::value{{"title", "x"}, {"durationMin", 0}},
                          json::value{{"title", "x"}, {"durationMin", 1441}},
                          json::value{{"title", "x"}, {"pushToCalendar", "yes"}}}) {
    CAPTURE(bad);
    CHECK(f.call("POST", "/api/tasks", rep, bad).status == 400);
  }
  const auto other = company(f, rep, {{"name", "Other"}});
  CHECK(f.call("POST", "/api/tasks", rep,
               json::value{{"title", "x"}, {"leadId", l.lead}, {"companyId", other}})
            .status == 400);
  CHECK(f.call("POST", "/api/tasks", rep, json::value{{"title", "x"}, {"leadId", "missing"}})
            .status == 404);
  CHECK(f.call("POST", "/api/tasks", rep, json::value{{"title", "x"}, {"companyId", "missing"}})
            .status == 404);
}

TEST_CASE("tasks: a rep sees and edits their own tasks; an admin sees all") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto [rep_a, a_id] = f.make_user("a@example.com");
  const auto [rep_b, b_id] = f.make_user("b@example.com");
  const auto co_b = company(f, admin, {{"name", "B Co"}, {"assignedRepId", b_id}});
  const auto lead_b = reachable_lead(f, rep_b, "b@x.com", co_b);
  const auto a1 = create(f, rep_a, {{"title", "A1"}});
  const auto b1 = create(f, rep_b, {{"title", "B1"}, {"leadId", lead_b.lead}});

  CHECK(titles(f.call("GET", "/api/tasks", rep_a)) == std::vector<std::string>{"A1"});
  CHECK(titles(f.call("GET", "/api/tasks", rep_b)) == std::vector<std::string>{"B1"});
  CHECK(f.call("GET", "/api/tasks", admin).data().as_array().size() == 2);
  CHECK(f.call("GET", "/api/tasks?mine=true", admin).data().as_array().empty());

  CHECK(f.call("GET", "/api/tasks/" + b1, rep_a).status == 404);
  CHECK(f.call("PATCH", "/api/tasks/" + b1, rep_a, json::value{{"title", "Mine now"}}).status ==
        404);
  CHECK(f.call("DELETE", "/api/tasks/" + b1, rep_a).status == 404);
  CHECK(f.call("GET", "/api/tasks/" + b1, admin).status == 200);
  CHECK(f.call("PATCH", "/api/tasks/" + b1, admin, json::value{{"priority", "URGENT"}}).status ==
        200);
  CHECK(f.call("GET", "/api/tasks/" + a1, rep_a).data().at("title") == "A1");
  CHECK(f.call("GET", "/api/tasks/nope", admin).status == 404);
  // A lead filter naming a lead the rep cannot see.
  CHECK(f.call("GET", "/api/tasks?leadId=" + lead_b.lead, rep_a).status == 404);
  CHECK(titles(f.call("GET", "/api/tasks?leadId=" + lead_b.lead, rep_b)) ==
        std::vector<std::string>{"B1"});
}

TEST_CASE("tasks: lists sort by due date (undated last), filter and paginate") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  create(f, rep, {{"title", "undated"}});
  create(f, rep, {{"title", "later"}, {"dueAt", "2026-11-25T10:00:00Z"}, {"priority", "LOW"}});
  create(f, rep, {{"title", "soon"}, {"dueAt", "2026-11-19T10:00:00Z"}, {"taskType", "EMAIL"}});
  const auto done = create(f, rep, {{"title", "done"}, {"dueAt", "2026-11-18T10:00:00Z"}});
  REQUIRE(f.call("PATCH", "/api/tasks/" + done, rep, json::value{{"isCompleted", true}}).status ==
          200);

  auto r = f.call("GET", "/api/tasks", rep);
  CHECK(titles(r) == std::vector<std::string>{"done", "soon", "later", "undated"});
  CHECK(r.body.at("pagination").at("total") == 4);
  CHECK(titles(f.call("GET", "/api/tasks?completed=false", rep)) ==
        std::vector<std::string>{"soon", "later", "undated"});
  CHECK(titles(f.call("GET", "/api/tasks?completed=true", rep)) ==
        std::vector<std::string>{"done"});
  CHECK(titles(f.call("GET", "/api/tasks?priority=LOW", rep)) == std::vector<std::string>{"later"});
  CHECK(titles(f.call("GET", "/api/tasks?type=EMAIL", rep)) == std::vector<std::string>{"soon"});
  r = f.call("GET", "/api/tasks?limit=2&page=2", rep);
  CHECK(titles(r) == std::vector<std::string>{"later", "undated"});
  CHECK(r.body.at("pagination").at("totalPages") == 2);
  CHECK(f.call("GET", "/api/tasks?completed=maybe", rep).status == 400);
  CHECK(f.call("GET", "/api/tasks?priority=SOON", rep).status == 400);
  CHECK(f.call("GET", "/api/tasks?type=NAP", rep).status == 400);
  CHECK(f.call("GET", "/api/tasks?limit=x", rep).status == 400);
}

TEST_CASE("tasks: update, complete (logged), reopen, delete; the dashboard follows") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  const auto l = reachable_lead(f, rep, "u@x.com");
  const auto id =
      create(f, rep, {{"title", "Call"}, {"leadId", l.lead}, {"dueAt", "2026-11-18T20:00:00Z"}});
  auto dash = f.call("GET", "/api/dashboard", rep);
  CHECK(dash.data().at("tasks").at("dueToday") == 1);

  f.clock->advance(kMinuteMs);
  auto r = f.call("PATCH", "/api/tasks/" + id, rep,
                  json::value{{"title", "Call back"},
                              {"description", "x"},
                              {"dueAt", nullptr},
                              {"durationMin", 45},
                              {"taskType", "MEETING"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("title") == "Call back");
  CHECK(r.data().at("dueAt").is_null());
  CHECK(r.data().at("durationMin") == 45);
  CHECK(r.data().at("taskType") == "MEETING");
  CHECK(r.data().at("updatedAt") == format_iso(f.clock->now_ms()).c_str());
  CHECK(f.call("GET", "/api/dashboard", rep).data().at("tasks").at("dueToday") == 0);

  r = f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"isCompleted", true}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("isCompleted") == true);
  CHECK(r.data().at("completedAt") == format_iso(f.clock->now_ms()).c_str());
  CHECK(activities(f, l.lead, "task_completed") == 1);
  CHECK(last_activity(f, l.lead, "task_completed").at("title") == "Call back");
  // Completing again logs nothing more; reopening clears completedAt.
  CHECK(f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"isCompleted", true}}).status == 200);
  CHECK(activities(f, l.lead, "task_completed") == 1);
  r = f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"isCompleted", false}});
  CHECK(r.data().at("completedAt").is_null());
  CHECK(f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"priority", "WHENEVER"}}).status ==
        400);
  CHECK(f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"title", ""}}).status == 400);
  CHECK(f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"isCompleted", "yes"}}).status ==
        400);

  REQUIRE(f.call("PATCH", "/api/tasks/" + id, rep, json::value{{"dueAt", "2026-11-18T21:00:00Z"}})
              .status == 200);
  CHECK(f.call("GET", "/api/dashboard", rep).data().at("tasks").at("dueToday") == 1);
  r = f.call("DELETE", "/api/tasks/" + id, rep);
  REQUIRE(r.status == 200);
  CHECK(r.body.at("success") == true);
  CHECK(f.call("GET", "/api/tasks/" + id, rep).status == 404);
  CHECK(f.call("GET", "/api/dashboard", rep).data().at("tasks").at("dueToday") == 0);
}

TEST_CASE("tasks: contacts and companies take an IANA timeZone") {
  ApiFixture f;
  const auto token = f.admin_token();
  auto r = f.call("POST", "/api/companies", token,
                  json::value{{"name", "Z"}, {"timeZone", "America/Phoenix"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("timeZone") == "America/Phoenix");
  const std::string co(r.data().at("id").as_string());
  CHECK(f.call("PATCH", "/api/companies/" + co, token, json::value{{"timeZone", "Mountain Time"}})
            .status == 400);
  r = f.call("PATCH", "/api/companies/" + co, token, json::value{{"timeZone", nullptr}});
  CHECK(r.data().at("timeZone").is_null());

  r = f.call("POST", "/api/contacts", token,
             json::value{{"email", "z@x.com"}, {"timeZone", "Europe/Berlin"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("timeZone") == "Europe/Berlin");
  r = f.call("POST", "/api/contacts", token,
             json::value{{"email", "y@x.com"}, {"timeZone", "GMT+5"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "timeZone must be an IANA time zone name such as America/New_York");
  CHECK(f.call("POST", "/api/contacts", token, json::value{{"email", "w@x.com"}, {"timeZone", 5}})
            .status == 400);
}
