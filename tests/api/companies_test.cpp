// /api/companies and /api/companies/[id]: create, list (filters, pagination, enrichment),
// detail, update, visibility.
#include <doctest/doctest.h>

#include <algorithm>

#include "api/company_rows_helpers.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;
namespace cr = crm::test::company_rows;

namespace {

bool companies_list_has(const ApiResult& r, const std::string& id) {
  const auto ids = cr::ids_of(r.data());
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

const json::object& companies_item(const ApiResult& r, const std::string& id) {
  for (const auto& item : r.data().as_array())
    if (item.at("id") == json::value(id)) return item.as_object();
  FAIL("company not in list: " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("companies: create returns the company with defaults and stores phone digits") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto r = f.call("POST", "/api/companies", f.admin_token(),
                  json::value{{"name", "  Acme Diner "},
                              {"website", "https://acme.example"},
                              {"phone", "(555) 123-4567"},
                              {"industry", "Restaurant"},
                              {"icpTag", "icp-restaurant"},
                              {"businessLabel", "Restaurant"},
                              {"source", "Google Maps"},
                              {"vendor", "Verizon"},
                              {"salesNote", "Call mornings"},
                              {"taxable", true},
                              {"assignedRepId", rep_id},
                              {"unknownField", 1}});
  REQUIRE(r.status == 201);
  const auto& c = r.data().as_object();
  CHECK(c.at("name") == "Acme Diner");
  CHECK(c.at("website") == "https://acme.example");
  CHECK(c.at("phone") == "(555) 123-4567");
  CHECK(c.at("industry") == "Restaurant");
  CHECK(c.at("icpTag") == "icp-restaurant");
  CHECK(c.at("businessLabel") == "Restaurant");
  CHECK(c.at("status") == "LEAD");
  CHECK(c.at("source") == "Google Maps");
  CHECK(c.at("vendor") == "Verizon");
  CHECK(c.at("salesNote") == "Call mornings");
  CHECK(c.at("taxable") == true);
  CHECK(c.at("assignedRepId") == json::value(rep_id));
  CHECK(c.at("description").is_null());
  CHECK(c.at("googleRating").is_null());
  CHECK(c.at("googleReviewCount").is_null());
  CHECK(c.at("heroPhotoUrl").is_null());
  CHECK(c.at("mapsUrl").is_null());
  CHECK(c.at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK(c.at("updatedAt") == json::value(format_iso(kStartTime)));
  CHECK_FALSE(c.contains("phoneDigits"));

  {
    auto tx = f.engine->runtime().db->read();
    auto row = tx->query("SELECT phone_digits FROM companies WHERE id = ?",
                         std::string(c.at("id").as_string()));
    CHECK(row.first().text("phone_digits") == "5551234567");
  }

  auto minimal = f.call("POST", "/api/companies", rep_token,
                        json::value{{"name", "Pool Co"}, {"status", "PARTNER"}});
  REQUIRE(minimal.status == 201);
  CHECK(minimal.data().at("status") == "PARTNER");
  CHECK(minimal.data().at("assignedRepId").is_null());
  CHECK(minimal.data().at("taxable") == false);
  CHECK(minimal.data().at("website").is_null());
}

TEST_CASE("companies: create validates its body") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep_token, rep_id] = f.make_user("rep@example.com");

  CHECK(f.call("POST", "/api/companies", "", json::value{{"name", "X"}}).status == 401);
  auto missing = f.call("POST", "/api/companies", admin, json::value{{"website", "x.com"}});
  CHECK(missing.status == 400);
  CHECK(missing.error() == "name is required");
  CHECK(f.call("POST", "/api/companies", admin, json::value{{"name", "   "}}).status == 400);
  CHECK(f.call("POST", "/api/companies", admin, json::value{{"name", nullptr}}).status == 400);
  auto bad_status =
      f.call("POST", "/api/companies", admin, json::value{{"name", "X"}, {"status", "ACTIVE"}});
  CHECK(bad_status.status == 400);
  CHECK(bad_status.error().find("status") != std::string::npos);
  auto bad_type =
      f.call("POST", "/api/companies", admin, json::value{{"name", "X"}, {"taxable", "yes"}});
  CHECK(bad_type.status == 400);
  CHECK(bad_type.error().find("taxable") != std::string::npos);
  CHECK(f.call("POST", "/api/companies", admin, json::value{{"name", 42}}).status == 400);
  CHECK(f.call("POST", "/api/companies", admin, std::string("{oops")).status == 400);

  auto unknown_rep = f.call("POST", "/api/companies", admin,
                            json::value{{"name", "X"}, {"assignedRepId", "nobody"}});
  CHECK(unknown_rep.status == 400);
  CHECK(unknown_rep.error().find("assignedRepId") != std::string::npos);
  CHECK(f.call("DELETE", "/api/users/" + rep_id, admin).status == 200);
  CHECK(
      f.call("POST", "/api/companies", admin, json::value{{"name", "X"}, {"assignedRepId", rep_id}})
          .status == 400);

  auto tx = f.engine->runtime().db->read();
  CHECK(tx->query("SELECT COUNT(*) AS n FROM companies").first().integer("n") == 0);
}

TEST_CASE("companies: a rep may create a company for another rep and then no longer sees it") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto id = cr::create(f, rep_token, {{"name", "Handed Over"}, {"assignedRepId", other_id}});
  CHECK(f.call("GET", "/api/companies/" + id, rep_token).status == 404);
  CHECK(f.call("GET", "/api/companies/" + id, other_token).status == 200);
}

TEST_CASE("companies: list paginates newest first") {
  ApiFixture f;
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(cr::create_named(f, "Company " + std::to_string(i)));
    f.clock->advance(kSecondMs);
  }
  auto p1 = f.call("GET", "/api/companies?limit=2", f.admin_token());
  REQUIRE(p1.status == 200);
  CHECK(cr::ids_of(p1.data()) == std::vector<std::string>{ids[2], ids[1]});
  const auto& pg = p1.body.at("pagination");
  CHECK(pg.at("page") == 1);
  CHECK(pg.at("limit") == 2);
  CHECK(pg.at("total") == 3);
  CHECK(pg.at("totalPages") == 2);

  auto p2 = f.call("GET", "/api/companies?limit=2&page=2", f.admin_token());
  CHECK(cr::ids_of(p2.data()) == std::vector<std::string>{ids[0]});
  CHECK(p2.body.at("pagination").at("page") == 2);

  auto all = f.call("GET", "/api/companies", f.admin_token());
  CHECK(all.body.at("pagination").at("limit") == 50);
  CHECK(all.data().as_array().size() == 3);
  CHECK(f.call("GET", "/api/companies?limit=500", f.admin_token())
            .body.at("pagination")
            .at("limit") == 100);
  CHECK(f.call("GET", "/api/companies?page=0", f.admin_token()).status == 400);
  CHECK(f.call("GET", "/api/companies?limit=abc", f.admin_token()).status == 400);
  CHECK(f.call("GET", "/api/companies").status == 401);
}

TEST_CASE("companies: list filters by search, status and partner") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto diner = cr::create(f, admin, {{"name", "Acme Diner"}, {"phone", "(555) 123-4567"}});
  const auto salon = cr::create(
      f, admin, {{"name", "Bella Salon"}, {"phone", "+1 555 987 0000"}, {"status", "CUSTOMER"}});
  const auto partner = cr::create(f, admin, {{"name", "Partner 100% Co"}, {"status", "PARTNER"}});

  auto by_name = f.call("GET", "/api/companies?search=aCmE", admin);
  CHECK(cr::ids_of(by_name.data()) == std::vector<std::string>{diner});
  CHECK(by_name.body.at("pagination").at("total") == 1);

  auto by_phone = f.call("GET", "/api/companies?search=123-45", admin);
  CHECK(cr::ids_of(by_phone.data()) == std::vector<std::string>{diner});
  auto by_phone_spaces = f.call("GET", "/api/companies?search=%28555%29%20987", admin);
  CHECK(cr::ids_of(by_phone_spaces.data()) == std::vector<std::string>{salon});
  // Fewer than three digits never matches by phone.
  CHECK(f.call("GET", "/api/companies?search=12", admin).data().as_array().empty());
  // LIKE wildcards in the search are literal.
  CHECK(cr::ids_of(f.call("GET", "/api/companies?search=100%25", admin).data()) ==
        std::vector<std::string>{partner});
  CHECK(f.call("GET", "/api/companies?search=%25%25", admin).data().as_array().empty());

  CHECK(cr::ids_of(f.call("GET", "/api/companies?status=CUSTOMER", admin).data()) ==
        std::vector<std::string>{salon});
  CHECK(cr::ids_of(f.call("GET", "/api/companies?partner=true", admin).data()) ==
        std::vector<std::string>{partner});
  CHECK(f.call("GET", "/api/companies?partner=false", admin).data().as_array().size() == 3);
  CHECK(f.call("GET", "/api/companies?status=CUSTOMER&partner=true", admin)
            .data()
            .as_array()
            .empty());
  CHECK(f.call("GET", "/api/companies?status=BOGUS", admin).status == 400);
  CHECK(f.call("GET", "/api/companies?partner=maybe", admin).status == 400);
}

TEST_CASE("companies: list enrichment is computed per company") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const auto rich = cr::create_named(f, "Rich Co", rep_id);
  const auto bare = cr::create_named(f, "Bare Co");
  const TimeMs t0 = kStartTime;

  const auto second = cr::insert_contact(f, rich, "Second", t0 + 2000);
  const auto first = cr::insert_contact(f, rich, "First", t0 + 1000);
  cr::insert_contact(f, std::nullopt, "Orphan", t0);  // no company: never a primary contact
  (void)second;

  const auto open1 = cr::insert_lead(f, first, rich, "NEW_LEAD", t0);
  const auto open2 = cr::insert_lead(f, first, rich, "NEGOTIATING", t0);
  cr::insert_lead(f, first, rich, "WON", t0);
  cr::insert_lead(f, first, rich, "LOST", t0);
  const auto other_lead = cr::insert_lead(f, first, bare, "QUALIFIED", t0);

  cr::insert_invoice(f, rich, "PAID", 150'050, 150'050, t0);
  cr::insert_invoice(f, rich, "PAID", 49'950, 49'950, t0);
  cr::insert_invoice(f, rich, "SENT", 1'000'000, 0, t0);
  cr::insert_invoice(f, rich, "PARTIAL", 70'000, 20'000, t0);
  cr::insert_invoice(f, bare, "DRAFT", 5'000, 0, t0);

  cr::insert_activity(f, "note_added", std::nullopt, rich, t0 + 5 * kMinuteMs);
  cr::insert_activity(f, "stage_changed", open2, std::nullopt, t0 + 9 * kMinuteMs);  // via its lead
  cr::insert_activity(f, "tag_applied", other_lead, std::nullopt,
                      t0 + 30 * kMinuteMs);  // another company's lead
  (void)open1;

  auto r = f.call("GET", "/api/companies", f.admin_token());
  REQUIRE(r.status == 200);
  const auto& rc = companies_item(r, rich);
  REQUIRE(rc.at("primaryContact").is_object());
  CHECK(rc.at("primaryContact").at("id") == json::value(first));
  CHECK(rc.at("primaryContact").at("firstName") == "First");
  CHECK(rc.at("primaryContact").at("fullName") == "First Doe");
  CHECK(rc.at("lifetimeValue") == json::value(2000));
  CHECK(rc.at("activeDeals") == 2);
  CHECK(rc.at("lastActivityAt") == json::value(format_iso(t0 + 9 * kMinuteMs)));
  REQUIRE(rc.at("assignedRep").is_object());
  CHECK(rc.at("assignedRep").at("id") == json::value(rep_id));
  CHECK(rc.at("assignedRep").at("email") == "rep@example.com");
  CHECK(rc.at("assignedRep").at("firstName") == "Rep");
  CHECK_FALSE(rc.at("assignedRep").as_object().contains("passwordHash"));
  CHECK(rc.at("name") == "Rich Co");  // company fields are inlined

  const auto& bc = companies_item(r, bare);
  CHECK(bc.at("primaryContact").is_null());
  CHECK(bc.at("lifetimeValue") == 0);
  CHECK(bc.at("activeDeals") == 1);
  CHECK(bc.at("lastActivityAt") == json::value(format_iso(t0 + 30 * kMinuteMs)));
  CHECK(bc.at("assignedRep").is_null());

  // The company's own activity can be the newest one, and cents survive.
  cr::insert_activity(f, "status_changed", std::nullopt, rich, t0 + 60 * kMinuteMs);
  cr::insert_invoice(f, rich, "PAID", 1, 1, t0);
  auto again = f.call("GET", "/api/companies?search=rich", f.admin_token());
  const auto& rc2 = companies_item(again, rich);
  CHECK(rc2.at("lastActivityAt") == json::value(format_iso(t0 + 60 * kMinuteMs)));
  CHECK(rc2.at("lifetimeValue").to_number<double>() == doctest::Approx(2000.01));
}

TEST_CASE("companies: list and detail follow visibility") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto mine = cr::create_named(f, "Mine", rep_id);
  const auto theirs = cr::create_named(f, "Theirs", other_id);
  const auto pool = cr::create_named(f, "Pool");

  auto admin_list = f.call("GET", "/api/companies", f.admin_token());
  CHECK(admin_list.data().as_array().size() == 3);

  auto rep_list = f.call("GET", "/api/companies", rep_token);
  CHECK(companies_list_has(rep_list, mine));
  CHECK(companies_list_has(rep_list, pool));
  CHECK_FALSE(companies_list_has(rep_list, theirs));
  CHECK(rep_list.body.at("pagination").at("total") == 2);
  CHECK(f.call("GET", "/api/companies?search=theirs", rep_token).data().as_array().empty());

  CHECK(f.call("GET", "/api/companies/" + mine, rep_token).status == 200);
  CHECK(f.call("GET", "/api/companies/" + pool, rep_token).status == 200);
  auto hidden = f.call("GET", "/api/companies/" + theirs, rep_token);
  CHECK(hidden.status == 404);
  CHECK(hidden.error() == "Company not found");
  CHECK(f.call("GET", "/api/companies/" + theirs, f.admin_token()).status == 200);
  CHECK(f.call("GET", "/api/companies/nope", f.admin_token()).status == 404);
  CHECK(f.call("GET", "/api/companies/" + mine).status == 401);
}

TEST_CASE("companies: detail embeds every relation in order") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const auto id = cr::create_named(f, "Detail Co", rep_id);
  const auto other = cr::create_named(f, "Other Co");
  const TimeMs t0 = kStartTime;

  const auto c_late = cr::insert_contact(f, id, "Late", t0 + 5000);
  const auto c_early = cr::insert_contact(f, id, "Early", t0 + 1000);
  cr::insert_contact(f, other, "Elsewhere", t0);

  const auto old_open = cr::insert_lead(f, c_early, id, "CONTACTED", t0 + 1000);
  const auto new_open = cr::insert_lead(f, c_early, id, "QUALIFIED", t0 + 2000);
  const auto newest_won = cr::insert_lead(f, c_late, id, "WON", t0 + 3000);
  const auto foreign_lead = cr::insert_lead(f, c_early, other, "NEW_LEAD", t0 + 4000);

  const auto inv_old = cr::insert_invoice(f, id, "PARTIAL", 100'000, 25'050, t0 + 1000, new_open);
  const auto inv_new = cr::insert_invoice(f, id, "DRAFT", 5'000, 0, t0 + 2000);
  cr::insert_invoice(f, other, "PAID", 9'999, 9'999, t0);

  const auto dev = cr::insert_device(f, id, "SN-1");
  cr::insert_device(f, other, "SN-2");

  const auto task_undated = cr::insert_task(f, "Undated", std::nullopt, id, std::nullopt);
  const auto task_late =
      cr::insert_task(f, "Late lead task", new_open, std::nullopt, t0 + 5 * kDayMs);
  const auto task_soon = cr::insert_task(f, "Soon lead task", new_open, std::nullopt, t0 + kDayMs);
  const auto task_company = cr::insert_task(f, "Company task", std::nullopt, id, t0 + 2 * kDayMs);
  cr::insert_task(f, "Done", new_open, std::nullopt, t0, true);
  cr::insert_task(f, "Foreign", foreign_lead, std::nullopt, t0);
  // A rep sees the tasks assigned to them (DOMAIN.md §3): these are the rep's; one more is
  // someone else's.
  f.sql("UPDATE tasks SET assigned_to_id = ?", rep_id);
  const auto admins_task = cr::insert_task(f, "Admin's", new_open, std::nullopt, t0);
  f.sql("UPDATE tasks SET assigned_to_id = ? WHERE id = ?", f.admin_id(), admins_task);

  cr::insert_activity(f, "stage_changed", new_open, id, t0 + 3000,
                      R"({"from":"CONTACTED","to":"QUALIFIED"})");
  cr::insert_activity(f, "stage_changed", new_open, id, t0 + 2000,
                      R"({"from":"NEW_LEAD","to":"CONTACTED"})");
  cr::insert_activity(f, "tag_applied", new_open, id, t0 + 2500);
  cr::insert_activity(f, "stage_changed", old_open, id, t0 + 2600);

  auto addr = f.call("POST", "/api/companies/" + id + "/addresses", f.admin_token(),
                     json::value{{"type", "BOTH"},
                                 {"addressLine1", "1 Main"},
                                 {"city", "Austin"},
                                 {"state", "TX"},
                                 {"zip", "78701"},
                                 {"isDefaultShipping", true}});
  REQUIRE(addr.status == 201);

  auto r = f.call("GET", "/api/companies/" + id, rep_token);
  REQUIRE(r.status == 200);
  const auto& d = r.data().as_object();
  CHECK(d.at("id") == json::value(id));
  CHECK(d.at("name") == "Detail Co");
  CHECK(d.at("assignedRep").at("id") == json::value(rep_id));
  CHECK(d.at("addresses").as_array().size() == 1);
  CHECK(d.at("addresses").at(0).at("isDefaultShipping") == true);
  CHECK(cr::ids_of(d.at("contacts")) == std::vector<std::string>{c_early, c_late});
  CHECK(cr::ids_of(d.at("leads")) == std::vector<std::string>{newest_won, new_open, old_open});
  CHECK(d.at("leads").at(0).at("stage") == "WON");
  CHECK(cr::ids_of(d.at("devices")) == std::vector<std::string>{dev});
  CHECK(d.at("devices").at(0).at("serialNumber") == "SN-1");
  CHECK(cr::ids_of(d.at("invoices")) == std::vector<std::string>{inv_new, inv_old});
  const auto& partial = d.at("invoices").at(1);
  CHECK(partial.at("total") == 1000);
  CHECK(partial.at("amountPaid").to_number<double>() == doctest::Approx(250.5));
  CHECK(partial.at("balance").to_number<double>() == doctest::Approx(749.5));
  CHECK(partial.at("leadId") == json::value(new_open));
  CHECK(cr::ids_of(d.at("tasks")) ==
        std::vector<std::string>{task_soon, task_company, task_late, task_undated});

  const auto& tl = d.at("openLeadTimeline");
  REQUIRE(tl.is_object());
  CHECK(tl.at("lead").at("id") == json::value(new_open));
  const auto& history = tl.at("stageHistory").as_array();
  REQUIRE(history.size() == 2);
  CHECK(history.at(0).at("data").at("to") == "CONTACTED");
  CHECK(history.at(1).at("data").at("to") == "QUALIFIED");
  CHECK(history.at(0).at("type") == "stage_changed");
  CHECK(tl.at("nextTask").at("id") == json::value(task_soon));
  auto as_admin = f.call("GET", "/api/companies/" + id, f.admin_token());
  CHECK(cr::ids_of(as_admin.data().at("tasks")) ==
        std::vector<std::string>{admins_task, task_soon, task_company, task_late, task_undated});

  // No open lead -> null timeline; an open lead without tasks -> null nextTask.
  auto bare = f.call("GET", "/api/companies/" + other, f.admin_token());
  REQUIRE(bare.status == 200);
  CHECK(bare.data().at("assignedRep").is_null());
  CHECK(bare.data().at("openLeadTimeline").at("lead").at("id") == json::value(foreign_lead));
  CHECK(bare.data().at("openLeadTimeline").at("nextTask").at("title") == "Foreign");
  const auto empty = cr::create_named(f, "Empty Co");
  auto e = f.call("GET", "/api/companies/" + empty, f.admin_token());
  CHECK(e.data().at("openLeadTimeline").is_null());
  CHECK(e.data().at("addresses").as_array().empty());
  CHECK(e.data().at("tasks").as_array().empty());
}

TEST_CASE("companies: update changes fields and logs status_changed once per change") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const auto id = cr::create(f, f.admin_token(),
                             {{"name", "Old"}, {"phone", "555-000-1111"}, {"website", "a.com"}});
  f.clock->advance(kMinuteMs);

  auto r = f.call("PATCH", "/api/companies/" + id, rep_token,
                  json::value{{"name", "New Name"},
                              {"phone", "(555) 222-3333"},
                              {"website", nullptr},
                              {"status", "CUSTOMER"},
                              {"salesNote", "VIP"},
                              {"taxable", true},
                              {"industry", "Retail"},
                              {"icpTag", "icp-retail"},
                              {"businessLabel", "Retail"},
                              {"source", "Referral"},
                              {"vendor", "AT&T"}});
  REQUIRE(r.status == 200);
  const auto& c = r.data().as_object();
  CHECK(c.at("name") == "New Name");
  CHECK(c.at("phone") == "(555) 222-3333");
  CHECK(c.at("website").is_null());
  CHECK(c.at("status") == "CUSTOMER");
  CHECK(c.at("salesNote") == "VIP");
  CHECK(c.at("taxable") == true);
  CHECK(c.at("industry") == "Retail");
  CHECK(c.at("icpTag") == "icp-retail");
  CHECK(c.at("businessLabel") == "Retail");
  CHECK(c.at("source") == "Referral");
  CHECK(c.at("vendor") == "AT&T");
  CHECK(c.at("updatedAt") == json::value(format_iso(kStartTime + kMinuteMs)));
  CHECK(c.at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK_FALSE(c.contains("addresses"));

  auto log = cr::activities(f, "status_changed");
  REQUIRE(log.size() == 1);
  CHECK(log[0].company_id == id);
  CHECK_FALSE(log[0].lead_id.has_value());
  CHECK(log[0].user_id == rep_id);
  CHECK(log[0].data.at("from") == "LEAD");
  CHECK(log[0].data.at("to") == "CUSTOMER");

  // The phone search follows the new number.
  CHECK(cr::ids_of(f.call("GET", "/api/companies?search=2223333", rep_token).data()) ==
        std::vector<std::string>{id});
  CHECK(f.call("GET", "/api/companies?search=0001111", rep_token).data().as_array().empty());

  // Same status, or no status: no new activity; absent fields stay.
  auto same =
      f.call("PATCH", "/api/companies/" + id, rep_token, json::value{{"status", "CUSTOMER"}});
  CHECK(same.status == 200);
  CHECK(same.data().at("salesNote") == "VIP");
  CHECK(f.call("PATCH", "/api/companies/" + id, rep_token, json::value{{"vendor", "T-Mobile"}})
            .status == 200);
  CHECK(cr::activities(f, "status_changed").size() == 1);

  f.clock->advance(kSecondMs);  // activities of one millisecond have no defined order
  CHECK(
      f.call("PATCH", "/api/companies/" + id, rep_token, json::value{{"status", "DEAD"}}).status ==
      200);
  log = cr::activities(f, "status_changed");
  REQUIRE(log.size() == 2);
  CHECK(log[1].data.at("from") == "CUSTOMER");
  CHECK(log[1].data.at("to") == "DEAD");
}

TEST_CASE("companies: update validates and follows visibility") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto id = cr::create_named(f, "Mine", rep_id);
  const std::string path = "/api/companies/" + id;

  auto empty = f.call("PATCH", path, rep_token, json::value{{"name", ""}});
  CHECK(empty.status == 400);
  CHECK(empty.error().find("name") != std::string::npos);
  CHECK(f.call("PATCH", path, rep_token, json::value{{"name", nullptr}}).status == 400);
  CHECK(f.call("PATCH", path, rep_token, json::value{{"status", "NOPE"}}).status == 400);
  CHECK(f.call("PATCH", path, rep_token, json::value{{"assignedRepId", "ghost"}}).status == 400);
  CHECK(f.call("PATCH", path, rep_token, json::value{{"taxable", 1}}).status == 400);
  CHECK(f.call("PATCH", path, "", json::value{{"name", "X"}}).status == 401);
  CHECK(f.call("GET", path, rep_token).data().at("name") == "Mine");

  auto hidden = f.call("PATCH", path, other_token, json::value{{"name", "Hijack"}});
  CHECK(hidden.status == 404);
  CHECK(f.call("PATCH", "/api/companies/missing", f.admin_token(), json::value{{"name", "X"}})
            .status == 404);
  CHECK(f.call("GET", path, rep_token).data().at("name") == "Mine");

  // null puts it back into the pool, where every rep sees it.
  auto pooled = f.call("PATCH", path, rep_token, json::value{{"assignedRepId", nullptr}});
  REQUIRE(pooled.status == 200);
  CHECK(pooled.data().at("assignedRepId").is_null());
  CHECK(f.call("GET", path, other_token).status == 200);
  auto claimed = f.call("PATCH", path, other_token, json::value{{"assignedRepId", other_id}});
  CHECK(claimed.data().at("assignedRepId") == json::value(other_id));
  CHECK(f.call("GET", path, rep_token).status == 404);
  CHECK(f.call("PATCH", path, f.admin_token(), json::value{{"assignedRepId", rep_id}}).status ==
        200);
  CHECK(f.call("GET", path, rep_token).status == 200);
}

TEST_CASE("companies: a status change invalidates the dashboard cache") {
  ApiFixture f;
  const auto id = cr::create_named(f, "Cached");
  auto& cache = f.engine->runtime().dashboard_cache;
  const TimeMs now = f.clock->now_ms();

  cache.put("admin", Dashboard{}, now, cache.generation());
  CHECK(f.call("PATCH", "/api/companies/" + id, f.admin_token(), json::value{{"salesNote", "x"}})
            .status == 200);
  CHECK(cache.get("admin", now).has_value());

  CHECK(
      f.call("PATCH", "/api/companies/" + id, f.admin_token(), json::value{{"status", "CUSTOMER"}})
          .status == 200);
  CHECK_FALSE(cache.get("admin", now).has_value());
}
