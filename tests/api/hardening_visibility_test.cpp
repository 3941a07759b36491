// Issue #9, defect 6: nested records keep visibility. A lead's contact belongs to the lead's
// company when both have one; a rep creates leads only on records they can see; nested writes
// (a lead's contact, a contact's company, notes and addresses under a path) check the nested
// record's own visibility.
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

// Rep A, rep B, and companies: P (shared pool), A (rep A's), B (rep B's), each with a contact.
struct Reps {
  ApiFixture f;
  std::string admin = f.admin_token();
  std::pair<std::string, std::string> rep_a = f.make_user("a@example.com");
  std::pair<std::string, std::string> rep_b = f.make_user("b@example.com");
  std::string a = rep_a.first;  // rep A's token
  std::string company_p = company("Pool Co", "");
  std::string company_a = company("A Co", rep_a.second);
  std::string company_b = company("B Co", rep_b.second);
  std::string contact_p = contact("p@example.com", company_p);
  std::string contact_a = contact("ca@example.com", company_a);
  std::string contact_b = contact("cb@example.com", company_b);
  std::string loose = contact("loose@example.com", "");

  std::string company(const std::string& name, const std::string& rep) {
    json::object body{{"name", name}};
    if (!rep.empty()) body["assignedRepId"] = rep;
    return id_of(f.call("POST", "/api/companies", admin, json::value(body)));
  }
  std::string contact(const std::string& email, const std::string& company_id) {
    json::object body{{"email", email}, {"firstName", "Orig"}};
    if (!company_id.empty()) body["companyId"] = company_id;
    return id_of(f.call("POST", "/api/contacts", admin, json::value(body)));
  }
  static std::string id_of(const ApiResult& r) {
    REQUIRE(r.status / 100 == 2);
    return std::string(r.data().at("id").as_string());
  }
  ApiResult create_lead(const std::string& token, const std::string& contact_id,
                        const std::string& company_id = "") {
    json::object body{{"contactId", contact_id}};
    if (!company_id.empty()) body["companyId"] = company_id;
    return f.call("POST", "/api/leads", token, json::value(body));
  }
  std::optional<std::string> lead_company(const std::string& lead) {
    return f.sql("SELECT company_id FROM leads WHERE id = ?", lead).first().opt_text("company_id");
  }
  std::optional<std::string> contact_company(const std::string& contact_id) {
    return f.sql("SELECT company_id FROM contacts WHERE id = ?", contact_id)
        .first()
        .opt_text("company_id");
  }
  // A lead as the old code let anyone store it: company and contact of different companies.
  std::string insert_mismatched_lead(const std::string& company_id, const std::string& contact_id) {
    const std::string id = f.engine->runtime().new_id();
    const TimeMs now = f.clock->now_ms();
    f.sql(
        "INSERT INTO leads (id, contact_id, company_id, stage, created_at, updated_at) "
        "VALUES (?, ?, ?, 'NEW_LEAD', ?, ?)",
        id, contact_id, company_id, now, now);
    return id;
  }
};

}  // namespace

TEST_CASE("nested visibility: a lead's contact and company must agree") {
  Reps w;
  // The attack's setup: a lead of a shared company on a contact of rep B's company.
  auto r = w.create_lead(w.admin, w.contact_b, w.company_p);
  CHECK(r.status == 400);
  CHECK(r.error() == "contactId must be a contact of the lead's company (companyId)");
  r = w.create_lead(w.a, w.contact_p, w.company_a);
  CHECK(r.status == 400);
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM leads").first().integer("n") == 0);
  // Same company, or a contact without one, is fine; without companyId the contact's is taken.
  r = w.create_lead(w.a, w.contact_a, w.company_a);
  REQUIRE(r.status == 201);
  CHECK(std::string(r.data().at("companyId").as_string()) == w.company_a);
  r = w.create_lead(w.a, w.loose, w.company_a);
  REQUIRE(r.status == 201);
  CHECK(std::string(r.data().at("companyId").as_string()) == w.company_a);
  r = w.create_lead(w.a, w.contact_p);
  REQUIRE(r.status == 201);
  CHECK(std::string(r.data().at("companyId").as_string()) == w.company_p);
}

TEST_CASE("nested visibility: a rep creates leads only on a contact and company they can see") {
  Reps w;
  CHECK(w.create_lead(w.a, w.contact_b).status == 404);
  CHECK(w.create_lead(w.a, w.contact_b).error() == "Contact not found");
  auto r = w.create_lead(w.a, w.loose, w.company_b);
  CHECK(r.status == 404);
  CHECK(r.error() == "Company not found");
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM leads").first().integer("n") == 0);
}

TEST_CASE("nested visibility: PATCH /api/leads/[id] checks the contact's own visibility") {
  Reps w;
  // Data stored before the rule: a shared-pool lead on rep B's contact.
  const std::string lead = w.insert_mismatched_lead(w.company_p, w.contact_b);
  auto r = w.f.call("PATCH", "/api/leads/" + lead, w.a,
                    json::value{{"contact", {{"firstName", "Pwned"}}}});
  CHECK(r.status == 404);
  CHECK(r.error() == "Contact not found");
  CHECK(w.f.sql("SELECT first_name FROM contacts WHERE id = ?", w.contact_b)
            .first()
            .text("first_name") == "Orig");
  // The lead's own fields stay editable by whoever sees the lead.
  CHECK(w.f.call("PATCH", "/api/leads/" + lead, w.a, json::value{{"source", "web"}}).status == 200);
  // Rep B, who sees the contact, may edit it through the lead? Not through a lead they cannot see.
  CHECK(w.f.call("PATCH", "/api/leads/" + lead, w.admin,
                 json::value{{"contact", {{"firstName", "Fixed"}}}})
            .status == 200);
}

TEST_CASE("nested visibility: a contact's company change through a lead or directly") {
  Reps w;
  const std::string lead_a = Reps::id_of(w.create_lead(w.a, w.contact_a));
  // Through the lead: an invisible company is 404, another visible company 400 (the lead stays
  // in company A, its contact would not).
  auto r = w.f.call("PATCH", "/api/leads/" + lead_a, w.a,
                    json::value{{"contact", {{"companyId", w.company_b}}}});
  CHECK(r.status == 404);
  r = w.f.call("PATCH", "/api/leads/" + lead_a, w.a,
               json::value{{"contact", {{"companyId", w.company_p}}}});
  CHECK(r.status == 400);
  CHECK(r.error() == "companyId must be the company of the contact's leads");
  CHECK(w.contact_company(w.contact_a) == w.company_a);
  // Directly: the same rules.
  CHECK(w.f.call("PATCH", "/api/contacts/" + w.contact_a, w.a,
                 json::value{{"companyId", w.company_p}})
            .status == 400);
  CHECK(w.f.call("PATCH", "/api/contacts/" + w.contact_p, w.a,
                 json::value{{"companyId", w.company_b}})
            .status == 404);
  // A contact without a company takes its company-less leads into the company it joins.
  const std::string loose_lead = Reps::id_of(w.create_lead(w.a, w.loose));
  CHECK_FALSE(w.lead_company(loose_lead).has_value());
  r = w.f.call("PATCH", "/api/contacts/" + w.loose, w.a, json::value{{"companyId", w.company_a}});
  REQUIRE(r.status == 200);
  CHECK(w.lead_company(loose_lead) == w.company_a);
  // Rep B now sees neither the lead nor, through it, the contact.
  CHECK(w.f.call("GET", "/api/leads/" + loose_lead, w.rep_b.first).status == 404);
  // Through a lead: its company-less lead joins too, and the answer shows it.
  const std::string other = w.contact("other@example.com", "");
  const std::string other_lead = Reps::id_of(w.create_lead(w.a, other));
  r = w.f.call("PATCH", "/api/leads/" + other_lead, w.a,
               json::value{{"contact", {{"companyId", w.company_a}}}, {"stage", "WON"}});
  REQUIRE(r.status == 200);
  CHECK(std::string(r.data().at("companyId").as_string()) == w.company_a);
  CHECK(w.f.sql("SELECT status FROM companies WHERE id = ?", w.company_a).first().text("status") ==
        "CUSTOMER");  // the WON move saw the lead's new company
  // Leaving a company is allowed: a contact without a company is visible to all anyway.
  r = w.f.call("PATCH", "/api/contacts/" + w.loose, w.a, json::value{{"companyId", nullptr}});
  CHECK(r.status == 200);
  CHECK(w.lead_company(loose_lead) == w.company_a);
}

TEST_CASE("nested visibility: notes and addresses under a path belong to that path's record") {
  Reps w;
  const std::string lead_p = Reps::id_of(w.create_lead(w.a, w.contact_p));
  const std::string lead_b = Reps::id_of(w.create_lead(w.admin, w.contact_b));
  const std::string note_b = Reps::id_of(w.f.call("POST", "/api/leads/" + lead_b + "/notes",
                                                  w.admin, json::value{{"body", "secret"}}));
  // Notes: rep A cannot reach rep B's lead, nor B's note through a lead of their own.
  CHECK(
      w.f.call("POST", "/api/leads/" + lead_b + "/notes", w.a, json::value{{"body", "x"}}).status ==
      404);
  CHECK(w.f.call("PATCH", "/api/leads/" + lead_p + "/notes/" + note_b, w.a,
                 json::value{{"body", "x"}})
            .status == 404);
  CHECK(w.f.call("DELETE", "/api/companies/" + w.company_p + "/notes/" + note_b, w.a).status ==
        404);
  CHECK(w.f.call("GET", "/api/leads/" + lead_b + "/notes", w.a).status == 404);
  // Addresses: the same through the company path.
  const std::string address_b =
      Reps::id_of(w.f.call("POST", "/api/companies/" + w.company_b + "/addresses", w.admin,
                           json::value{{"type", "BOTH"},
                                       {"addressLine1", "1 B St"},
                                       {"city", "Austin"},
                                       {"state", "TX"},
                                       {"zip", "78701"}}));
  CHECK(w.f.call("POST", "/api/companies/" + w.company_b + "/addresses", w.a,
                 json::value{{"type", "BOTH"},
                             {"addressLine1", "x"},
                             {"city", "x"},
                             {"state", "x"},
                             {"zip", "x"}})
            .status == 404);
  CHECK(w.f.call("PATCH", "/api/companies/" + w.company_p + "/addresses/" + address_b, w.a,
                 json::value{{"city", "Pwned"}})
            .status == 404);
  CHECK(
      w.f.call("DELETE", "/api/companies/" + w.company_p + "/addresses/" + address_b, w.a).status ==
      404);
  CHECK(w.f.sql("SELECT city FROM addresses WHERE id = ?", address_b).first().text("city") ==
        "Austin");
}
