// Issue #9, defect 8: records made within one millisecond list in creation order, because ids
// increase strictly and every list orders by (time, id). The fake clock never moves here.
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

std::string id_of(const ApiResult& r) {
  REQUIRE(r.status / 100 == 2);
  return std::string(r.data().at("id").as_string());
}

std::vector<std::string> ids_in(const json::value& array) {
  std::vector<std::string> out;
  for (const auto& item : array.as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

}  // namespace

TEST_CASE("order: notes and activities of one millisecond list in creation order") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const std::string company =
      id_of(f.call("POST", "/api/companies", admin, json::value{{"name", "Co"}}));
  std::vector<std::string> notes;
  for (int i = 0; i < 40; ++i)
    notes.push_back(id_of(f.call("POST", "/api/companies/" + company + "/notes", admin,
                                 json::value{{"body", "note " + std::to_string(i)}})));
  auto listed = f.call("GET", "/api/companies/" + company + "/notes", admin);
  REQUIRE(listed.status == 200);
  CHECK(ids_in(listed.data()) == notes);  // oldest first

  // Activities list newest first: the note_added of the last note leads.
  auto activities = f.call("GET", "/api/activities?companyId=" + company, admin);
  REQUIRE(activities.status == 200);
  std::vector<std::string> noted;
  for (const auto& a : activities.data().as_array())
    if (a.at("type") == "note_added") noted.emplace_back(a.at("data").at("noteId").as_string());
  CHECK(noted == std::vector<std::string>(notes.rbegin(), notes.rend()));
}

TEST_CASE("order: a company's primary contact is the first created, leads newest first") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const std::string company =
      id_of(f.call("POST", "/api/companies", admin, json::value{{"name", "Co"}}));
  std::vector<std::string> contacts, leads;
  for (int i = 0; i < 12; ++i) {
    contacts.push_back(id_of(f.call(
        "POST", "/api/contacts", admin,
        json::value{{"email", "c" + std::to_string(i) + "@example.com"}, {"companyId", company}})));
    leads.push_back(
        id_of(f.call("POST", "/api/leads", admin, json::value{{"contactId", contacts.back()}})));
  }
  auto list = f.call("GET", "/api/companies", admin);
  REQUIRE(list.status == 200);
  CHECK(list.data().as_array()[0].at("primaryContact").at("id") == json::value(contacts.front()));
  auto detail = f.call("GET", "/api/companies/" + company, admin);
  REQUIRE(detail.status == 200);
  CHECK(ids_in(detail.data().at("contacts")) == contacts);
  CHECK(ids_in(detail.data().at("leads")) ==
        std::vector<std::string>(leads.rbegin(), leads.rend()));
  auto lead_list = f.call("GET", "/api/leads", admin);
  CHECK(ids_in(lead_list.data()) == std::vector<std::string>(leads.rbegin(), leads.rend()));
}

TEST_CASE("order: a lead's stage history of one millisecond reads in the order it happened") {
  ApiFixture f;
  const std::string admin = f.admin_token();
  const std::string company =
      id_of(f.call("POST", "/api/companies", admin, json::value{{"name", "Co"}}));
  const std::string contact =
      id_of(f.call("POST", "/api/contacts", admin,
                   json::value{{"email", "s@example.com"}, {"companyId", company}}));
  const std::string lead =
      id_of(f.call("POST", "/api/leads", admin, json::value{{"contactId", contact}}));
  const std::vector<std::string> stages = {"CONTACTED",   "QUALIFIED", "PROPOSAL_SENT", "CONTACTED",
                                           "NEGOTIATING", "QUALIFIED", "NEGOTIATING"};
  for (const auto& s : stages)
    REQUIRE(
        f.call("PATCH", "/api/leads/" + lead + "/stage", admin, json::value{{"stage", s}}).status ==
        200);
  auto detail = f.call("GET", "/api/companies/" + company, admin);
  REQUIRE(detail.status == 200);
  std::vector<std::string> history;
  for (const auto& a : detail.data().at("openLeadTimeline").at("stageHistory").as_array())
    history.emplace_back(a.at("data").at("to").as_string());
  CHECK(history == stages);
}
