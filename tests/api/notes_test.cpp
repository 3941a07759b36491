// Company-scoped notes through /api/companies/[id]/notes and /api/leads/[id]/notes.
#include <doctest/doctest.h>

#include "api/company_rows_helpers.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;
namespace cr = crm::test::company_rows;

namespace {

std::string notes_add(ApiFixture& f, const std::string& base, const std::string& token,
                      const std::string& body) {
  auto r = f.call("POST", base, token, json::value{{"body", body}});
  REQUIRE(r.status == 201);
  return std::string(r.data().at("id").as_string());
}

// A lead (with its contact) of `company_id`, or without a company.
std::string notes_lead(ApiFixture& f, const std::optional<std::string>& company_id) {
  const auto contact = cr::insert_contact(f, company_id, "Lead", f.clock->now_ms());
  return cr::insert_lead(f, contact, company_id, "NEW_LEAD", f.clock->now_ms());
}

}  // namespace

TEST_CASE("notes: company notes are created with their author and listed oldest first") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const auto company = cr::create_named(f, "Noted Co", rep_id);
  const std::string base = "/api/companies/" + company + "/notes";

  auto r = f.call("POST", base, rep_token, json::value{{"body", "  First call went well  "}});
  REQUIRE(r.status == 201);
  const auto& n = r.data().as_object();
  CHECK(n.at("companyId") == json::value(company));
  CHECK(n.at("leadId").is_null());
  CHECK(n.at("authorId") == json::value(rep_id));
  CHECK(n.at("body") == "First call went well");
  CHECK(n.at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK(n.at("updatedAt") == json::value(format_iso(kStartTime)));
  CHECK(n.at("author").at("id") == json::value(rep_id));
  CHECK(n.at("author").at("email") == "rep@example.com");
  const std::string first(n.at("id").as_string());

  f.clock->advance(kMinuteMs);
  const auto second = notes_add(f, base, f.admin_token(), "Admin follow-up");

  auto list = f.call("GET", base, rep_token);
  REQUIRE(list.status == 200);
  CHECK(cr::ids_of(list.data()) == std::vector<std::string>{first, second});
  CHECK(list.data().at(1).at("author").at("id") == json::value(f.admin_id()));
  CHECK(list.data().at(1).at("author").at("firstName") == "Ada");

  // Creation leaves a note_added entry on the company's timeline.
  auto log = cr::activities(f, "note_added");
  REQUIRE(log.size() == 2);
  CHECK(log[0].company_id == company);
  CHECK(log[0].user_id == rep_id);
  CHECK(log[0].data.at("noteId") == json::value(first));
}

TEST_CASE("notes: company note validation and visibility") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto mine = cr::create_named(f, "Mine", rep_id);
  const auto pool = cr::create_named(f, "Pool");
  const std::string base = "/api/companies/" + mine + "/notes";

  auto blank = f.call("POST", base, rep_token, json::value{{"body", "   "}});
  CHECK(blank.status == 400);
  CHECK(blank.error() == "body is required");
  CHECK(f.call("POST", base, rep_token, json::value(json::object())).status == 400);
  CHECK(f.call("POST", base, rep_token, json::value{{"body", 7}}).status == 400);
  CHECK(f.call("POST", base, "", json::value{{"body", "x"}}).status == 401);
  CHECK(f.call("GET", base, "").status == 401);

  const auto note = notes_add(f, base, rep_token, "Private to my company");
  CHECK(f.call("GET", base, other_token).status == 404);
  CHECK(f.call("POST", base, other_token, json::value{{"body", "sneaky"}}).status == 404);
  CHECK(f.call("GET", "/api/companies/missing/notes", f.admin_token()).status == 404);
  CHECK(f.call("GET", base, f.admin_token()).data().as_array().size() == 1);

  CHECK(f.call("POST", "/api/companies/" + pool + "/notes", other_token,
               json::value{{"body", "pool note"}})
            .status == 201);
  CHECK(f.call("GET", "/api/companies/" + pool + "/notes", rep_token).data().as_array().size() ==
        1);

  // The author loses sight of the company: their own note is out of reach too.
  CHECK(f.call("PATCH", "/api/companies/" + mine, f.admin_token(),
               json::value{{"assignedRepId", other_id}})
            .status == 200);
  CHECK(f.call("PATCH", base + "/" + note, rep_token, json::value{{"body", "edit"}}).status == 404);
  CHECK(f.call("DELETE", base + "/" + note, rep_token).status == 404);
}

TEST_CASE("notes: only the author edits or deletes, and both are logged") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto company = cr::create_named(f, "Pool Co");
  const auto other_company = cr::create_named(f, "Elsewhere");
  const std::string base = "/api/companies/" + company + "/notes";
  const auto note = notes_add(f, base, rep_token, "Original");
  const auto foreign =
      notes_add(f, "/api/companies/" + other_company + "/notes", rep_token, "Other company");

  auto not_author =
      f.call("PATCH", base + "/" + note, other_token, json::value{{"body", "Changed"}});
  CHECK(not_author.status == 403);
  CHECK(not_author.error() == "Only the author can edit this note");
  CHECK(f.call("PATCH", base + "/" + note, f.admin_token(), json::value{{"body", "Admin edit"}})
            .status == 403);
  CHECK(f.call("DELETE", base + "/" + note, other_token).status == 403);
  CHECK(f.call("DELETE", base + "/" + note, f.admin_token()).status == 403);
  CHECK(f.call("PATCH", base + "/" + note, rep_token, json::value{{"body", ""}}).status == 400);
  CHECK(f.call("PATCH", base + "/" + foreign, rep_token, json::value{{"body", "x"}}).status == 404);
  CHECK(f.call("DELETE", base + "/" + foreign, rep_token).status == 404);
  CHECK(f.call("PATCH", base + "/missing", rep_token, json::value{{"body", "x"}}).status == 404);
  CHECK(cr::activities(f, "note_edited").empty());
  CHECK(cr::activities(f, "note_deleted").empty());

  f.clock->advance(kMinuteMs);
  auto edited = f.call("PATCH", base + "/" + note, rep_token, json::value{{"body", "Changed"}});
  REQUIRE(edited.status == 200);
  CHECK(edited.data().at("body") == "Changed");
  CHECK(edited.data().at("updatedAt") == json::value(format_iso(kStartTime + kMinuteMs)));
  CHECK(edited.data().at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK(edited.data().at("author").at("id") == json::value(rep_id));
  auto log = cr::activities(f, "note_edited");
  REQUIRE(log.size() == 1);
  CHECK(log[0].company_id == company);
  CHECK_FALSE(log[0].lead_id.has_value());
  CHECK(log[0].user_id == rep_id);
  CHECK(log[0].data.at("noteId") == json::value(note));

  auto del = f.call("DELETE", base + "/" + note, rep_token);
  REQUIRE(del.status == 200);
  CHECK(del.body.at("success") == true);
  CHECK(f.call("GET", base, rep_token).data().as_array().empty());
  log = cr::activities(f, "note_deleted");
  REQUIRE(log.size() == 1);
  CHECK(log[0].company_id == company);
  CHECK(log[0].data.at("noteId") == json::value(note));
  CHECK(f.call("DELETE", base + "/" + note, rep_token).status == 404);
}

TEST_CASE("notes: lead notes live on the lead's company") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const auto company = cr::create_named(f, "Lead Co", rep_id);
  const auto lead = notes_lead(f, company);
  const auto sibling = notes_lead(f, company);
  const std::string base = "/api/leads/" + lead + "/notes";
  const auto company_note =
      notes_add(f, "/api/companies/" + company + "/notes", rep_token, "Company-level");
  f.clock->advance(kSecondMs);

  auto r = f.call("POST", base, rep_token, json::value{{"body", "Spoke to the owner"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("companyId") == json::value(company));
  CHECK(r.data().at("leadId") == json::value(lead));
  CHECK(r.data().at("author").at("id") == json::value(rep_id));
  const std::string lead_note(r.data().at("id").as_string());
  auto added = cr::activities(f, "note_added");
  REQUIRE(added.size() == 2);
  CHECK(added[1].lead_id == lead);
  CHECK(added[1].company_id == company);

  // Every note of the company, through the lead, its sibling, or the company itself.
  const std::vector<std::string> both{company_note, lead_note};
  CHECK(cr::ids_of(f.call("GET", base, rep_token).data()) == both);
  CHECK(cr::ids_of(f.call("GET", "/api/leads/" + sibling + "/notes", rep_token).data()) == both);
  CHECK(cr::ids_of(f.call("GET", "/api/companies/" + company + "/notes", rep_token).data()) ==
        both);

  auto edited =
      f.call("PATCH", base + "/" + lead_note, rep_token, json::value{{"body", "Spoke twice"}});
  REQUIRE(edited.status == 200);
  CHECK(edited.data().at("body") == "Spoke twice");
  auto log = cr::activities(f, "note_edited");
  REQUIRE(log.size() == 1);
  CHECK(log[0].lead_id == lead);
  CHECK(log[0].company_id == company);

  // A company note can be managed through the lead of that company too.
  CHECK(f.call("PATCH", base + "/" + company_note, rep_token, json::value{{"body", "Updated"}})
            .status == 200);
  auto del = f.call("DELETE", base + "/" + lead_note, rep_token);
  REQUIRE(del.status == 200);
  CHECK(del.body.at("success") == true);
  auto deleted = cr::activities(f, "note_deleted");
  REQUIRE(deleted.size() == 1);
  CHECK(deleted[0].lead_id == lead);
  CHECK(cr::ids_of(f.call("GET", base, rep_token).data()) ==
        std::vector<std::string>{company_note});
}

TEST_CASE("notes: lead note errors and visibility") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto company = cr::create_named(f, "Lead Co", rep_id);
  const auto other_company = cr::create_named(f, "Other Co", other_id);
  const auto pool_company = cr::create_named(f, "Pool Co");
  const auto lead = notes_lead(f, company);
  const auto other_lead = notes_lead(f, other_company);
  const auto pool_lead = notes_lead(f, pool_company);
  const auto orphan = notes_lead(f, std::nullopt);
  const std::string base = "/api/leads/" + lead + "/notes";

  auto no_company = f.call("GET", "/api/leads/" + orphan + "/notes", rep_token);
  CHECK(no_company.status == 400);
  CHECK(no_company.error() == "Lead has no company");
  CHECK(f.call("POST", "/api/leads/" + orphan + "/notes", rep_token, json::value{{"body", "x"}})
            .status == 400);
  CHECK(f.call("GET", "/api/leads/missing/notes", f.admin_token()).status == 404);
  CHECK(f.call("POST", base, rep_token, json::value{{"body", ""}}).status == 400);
  CHECK(f.call("GET", base, "").status == 401);

  const auto note = notes_add(f, base, rep_token, "Mine");
  const auto other_note =
      notes_add(f, "/api/leads/" + other_lead + "/notes", other_token, "Theirs");

  // Another rep's lead: 404 for every call.
  CHECK(f.call("GET", base, other_token).status == 404);
  CHECK(f.call("POST", base, other_token, json::value{{"body", "x"}}).status == 404);
  CHECK(f.call("PATCH", base + "/" + note, other_token, json::value{{"body", "x"}}).status == 404);
  CHECK(f.call("DELETE", base + "/" + note, other_token).status == 404);
  // A note of another company through this lead: 404, even for its author.
  CHECK(f.call("PATCH", base + "/" + other_note, other_token, json::value{{"body", "x"}}).status ==
        404);
  CHECK(f.call("PATCH", "/api/leads/" + pool_lead + "/notes/" + other_note, other_token,
               json::value{{"body", "x"}})
            .status == 404);
  // Author only through the lead as well.
  CHECK(f.call("PATCH", base + "/" + note, f.admin_token(), json::value{{"body", "x"}}).status ==
        403);
  CHECK(f.call("GET", base, f.admin_token()).status == 200);

  // Pool leads are open to every rep.
  CHECK(f.call("POST", "/api/leads/" + pool_lead + "/notes", other_token,
               json::value{{"body", "pool"}})
            .status == 201);
  CHECK(f.call("GET", "/api/leads/" + pool_lead + "/notes", rep_token).data().as_array().size() ==
        1);
  CHECK(cr::activities(f, "note_edited").empty());
}
