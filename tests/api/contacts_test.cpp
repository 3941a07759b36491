// /api/contacts*: list, create, detail, update, delete (DOMAIN.md §3, §5).
#include <doctest/doctest.h>

#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

// Companies belong to another area; tests insert them directly.
std::string contacts_company(ApiFixture& f, const std::string& id, const std::optional<std::string>& rep_id) {
  f.sql("INSERT INTO companies (id, name, assigned_rep_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
               id, "Company " + id, rep_id, f.clock->now_ms(), f.clock->now_ms());
  return id;
}

std::string contacts_create(ApiFixture& f, const std::string& token, const json::value& body) {
  auto r = f.call("POST", "/api/contacts", token, body);
  REQUIRE(r.status == 201);
  f.clock->advance(kSecondMs);
  return std::string(r.data().at("id").as_string());
}

std::int64_t contacts_activity_count(ApiFixture& f, const std::string& type, const std::string& company_id) {
  return f.sql("SELECT COUNT(*) AS n FROM activities WHERE type = ? AND company_id = ?", type, company_id)
      .first()
      .integer("n");
}

std::vector<std::string> contacts_ids(const ApiResult& r) {
  std::vector<std::string> out;
  for (const auto& item : r.data().as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

}  // namespace

TEST_CASE("contacts: every endpoint requires a token") {
  ApiFixture f;
  CHECK(f.call("GET", "/api/contacts").status == 401);
  CHECK(f.call("POST", "/api/contacts", "", json::value{{"email", "a@b.co"}}).status == 401);
  CHECK(f.call("GET", "/api/contacts/x").status == 401);
  CHECK(f.call("PATCH", "/api/contacts/x", "", json::value{{"firstName", "A"}}).status == 401);
  CHECK(f.call("DELETE", "/api/contacts/x").status == 401);
}

TEST_CASE("contacts: create normalizes and returns the contact") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  auto r = f.call("POST", "/api/contacts", token,
                  json::value{{"firstName", "  Jane "},
                              {"lastName", " Doe "},
                              {"email", "  Jane.Doe@Example.COM "},
                              {"phone", "(555) 123-4567"},
                              {"companyId", company},
                              {"title", "Owner"},
                              {"source", "referral"},
                              {"isSmsEligible", true},
                              {"notes", "met at expo"}});
  REQUIRE(r.status == 201);
  const auto& c = r.data().as_object();
  CHECK(c.at("id").is_string());
  CHECK(c.at("companyId") == json::value(company));
  CHECK(c.at("firstName") == "Jane");
  CHECK(c.at("lastName") == "Doe");
  CHECK(c.at("fullName") == "Jane Doe");
  CHECK(c.at("email") == "Jane.Doe@Example.COM");
  CHECK(c.at("emailNormalized") == "jane.doe@example.com");
  CHECK(c.at("phone") == "(555) 123-4567");
  CHECK(c.at("phoneE164") == "+15551234567");
  CHECK(c.at("title") == "Owner");
  CHECK(c.at("source") == "referral");
  CHECK(c.at("isSmsEligible") == true);
  CHECK(c.at("notes") == "met at expo");
  CHECK(c.at("emailStatus") == "UNKNOWN");
  CHECK(c.at("emailVerifiedAt").is_null());
  CHECK(c.at("phoneType") == "UNKNOWN");
  CHECK(c.at("phoneVerifiedAt").is_null());
  CHECK(c.at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK(c.at("updatedAt") == json::value(format_iso(kStartTime)));

  const std::string id(c.at("id").as_string());
  CHECK(f.sql("SELECT phone_digits FROM contacts WHERE id = ?", id).first().text("phone_digits") ==
        "5551234567");

  // contact_added on the company's timeline.
  const auto act = f.sql("SELECT lead_id, user_id, data FROM activities WHERE type = 'contact_added'");
  REQUIRE(act.rows.size() == 1);
  CHECK(act.first().is_null("lead_id"));
  CHECK(act.first().text("user_id") == f.admin_id());
  const auto data = json::parse(act.first().text("data"));
  CHECK(data.at("contactId") == json::value(id));
  CHECK(data.at("name") == "Jane Doe");
}

TEST_CASE("contacts: create with only a phone and no company logs nothing") {
  ApiFixture f;
  const auto token = f.admin_token();
  auto r = f.call("POST", "/api/contacts", token, json::value{{"firstName", "Solo"}, {"phone", "555.987.6543"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("fullName") == "Solo");
  CHECK(r.data().at("email").is_null());
  CHECK(r.data().at("emailNormalized").is_null());
  CHECK(r.data().at("companyId").is_null());
  CHECK(r.data().at("isSmsEligible") == false);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM activities WHERE type = 'contact_added'").first().integer("n") == 0);
}

TEST_CASE("contacts: create validation") {
  ApiFixture f;
  const auto token = f.admin_token();
  auto r = f.call("POST", "/api/contacts", token, json::value{{"firstName", "No"}, {"lastName", "Channel"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "email or phone is required");
  r = f.call("POST", "/api/contacts", token, json::value{{"firstName", "Blank"}, {"email", "  "}, {"phone", ""}});
  CHECK(r.status == 400);
  r = f.call("POST", "/api/contacts", token, json::value{{"email", "not-an-email"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "email must be a valid email");
  r = f.call("POST", "/api/contacts", token, json::value{{"phone", "12"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "phone must be a valid phone number");
  r = f.call("POST", "/api/contacts", token, json::value{{"email", "a@b.co"}, {"firstName", 5}});
  CHECK(r.status == 400);
  CHECK(r.error().find("firstName") != std::string::npos);
  r = f.call("POST", "/api/contacts", token, json::value{{"email", "a@b.co"}, {"isSmsEligible", "yes"}});
  CHECK(r.status == 400);
  CHECK(r.error().find("isSmsEligible") != std::string::npos);
  CHECK(f.call("POST", "/api/contacts", token, std::string("{oops")).status == 400);
  r = f.call("POST", "/api/contacts", token, json::value{{"email", "a@b.co"}, {"companyId", "missing"}});
  CHECK(r.status == 404);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM contacts").first().integer("n") == 0);
}

TEST_CASE("contacts: duplicate email answers 409 with the existing ids") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  const auto first = contacts_create(f, token, json::value{{"email", "dup@example.com"}, {"companyId", company}});
  auto r = f.call("POST", "/api/contacts", token, json::value{{"email", " DUP@Example.com "}});
  CHECK(r.status == 409);
  CHECK(!r.error().empty());
  CHECK(r.body.at("existingContactId") == json::value(first));
  CHECK(r.body.at("existingCompanyId") == json::value(company));

  const auto loose = contacts_create(f, token, json::value{{"email", "loose@example.com"}});
  r = f.call("POST", "/api/contacts", token, json::value{{"email", "loose@example.com"}, {"companyId", company}});
  CHECK(r.status == 409);
  CHECK(r.body.at("existingContactId") == json::value(loose));
  CHECK_FALSE(r.body.as_object().contains("existingCompanyId"));
}

TEST_CASE("contacts: list shape, order and pagination") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  const auto a = contacts_create(f, token, json::value{{"firstName", "A"}, {"email", "a@example.com"}, {"companyId", company}});
  const auto b = contacts_create(f, token, json::value{{"firstName", "B"}, {"email", "b@example.com"}});
  const auto c = contacts_create(f, token, json::value{{"firstName", "C"}, {"email", "c@example.com"}});

  auto r = f.call("GET", "/api/contacts", token);
  REQUIRE(r.status == 200);
  CHECK(contacts_ids(r) == std::vector<std::string>{c, b, a});
  const auto& p = r.body.at("pagination");
  CHECK(p.at("page") == 1);
  CHECK(p.at("limit") == 50);
  CHECK(p.at("total") == 3);
  CHECK(p.at("totalPages") == 1);
  const auto& last = r.data().as_array().back().as_object();
  CHECK(last.at("email") == "a@example.com");
  CHECK(last.at("company").at("id") == json::value(company));
  CHECK(last.at("company").at("name") == "Company co1");
  CHECK(last.at("company").at("status") == "LEAD");
  CHECK(r.data().as_array().front().at("company").is_null());

  r = f.call("GET", "/api/contacts?limit=2&page=2", token);
  REQUIRE(r.status == 200);
  CHECK(contacts_ids(r) == std::vector<std::string>{a});
  CHECK(r.body.at("pagination").at("total") == 3);
  CHECK(r.body.at("pagination").at("totalPages") == 2);
  CHECK(f.call("GET", "/api/contacts?limit=abc", token).status == 400);
  CHECK(f.call("GET", "/api/contacts?page=0", token).status == 400);
}

TEST_CASE("contacts: list filters by search and companyId") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  const auto jane = contacts_create(f, token,
                                    json::value{{"firstName", "Jane"}, {"lastName", "Smith"},
                                                {"email", "jane@acme.io"}, {"phone", "555-123-4567"},
                                                {"companyId", company}});
  const auto bob = contacts_create(f, token, json::value{{"firstName", "Bob"}, {"email", "bob5@other.io"}, {"phone", "555 765 4321"}});

  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=SMITH", token)) == std::vector<std::string>{jane});
  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=jane%20smith", token)) == std::vector<std::string>{jane});
  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=OTHER.IO", token)) == std::vector<std::string>{bob});
  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=(555)%20123", token)) == std::vector<std::string>{jane});
  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=7654", token)) == std::vector<std::string>{bob});
  // A word with a digit is not a phone search: "bob5" matches the email only.
  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=bob5", token)) == std::vector<std::string>{bob});
  CHECK(contacts_ids(f.call("GET", "/api/contacts?search=100%25", token)).empty());
  CHECK(contacts_ids(f.call("GET", "/api/contacts?companyId=" + company, token)) == std::vector<std::string>{jane});
  CHECK(contacts_ids(f.call("GET", "/api/contacts?companyId=nope", token)).empty());
}

TEST_CASE("contacts: visibility follows the company") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep_a, rep_a_id] = f.make_user("a@reps.com");
  auto [rep_b, rep_b_id] = f.make_user("b@reps.com");
  const auto co_a = contacts_company(f, "coA", rep_a_id);
  const auto co_b = contacts_company(f, "coB", rep_b_id);
  const auto pool = contacts_company(f, "coPool", std::nullopt);
  const auto in_a = contacts_create(f, admin, json::value{{"email", "in-a@x.com"}, {"companyId", co_a}});
  const auto in_b = contacts_create(f, admin, json::value{{"email", "in-b@x.com"}, {"companyId", co_b}});
  const auto in_pool = contacts_create(f, admin, json::value{{"email", "in-pool@x.com"}, {"companyId", pool}});
  const auto loose = contacts_create(f, admin, json::value{{"email", "loose@x.com"}});

  CHECK(contacts_ids(f.call("GET", "/api/contacts", admin)).size() == 4);
  auto r = f.call("GET", "/api/contacts", rep_a);
  CHECK(contacts_ids(r) == std::vector<std::string>{loose, in_pool, in_a});
  CHECK(r.body.at("pagination").at("total") == 3);
  CHECK(contacts_ids(f.call("GET", "/api/contacts?companyId=" + co_b, rep_a)).empty());

  CHECK(f.call("GET", "/api/contacts/" + in_a, rep_a).status == 200);
  CHECK(f.call("GET", "/api/contacts/" + in_pool, rep_a).status == 200);
  CHECK(f.call("GET", "/api/contacts/" + loose, rep_a).status == 200);
  CHECK(f.call("GET", "/api/contacts/" + in_b, rep_a).status == 404);
  CHECK(f.call("PATCH", "/api/contacts/" + in_b, rep_a, json::value{{"firstName", "X"}}).status == 404);
  CHECK(f.call("DELETE", "/api/contacts/" + in_b, rep_a).status == 404);
  CHECK(f.sql("SELECT first_name FROM contacts WHERE id = ?", in_b).first().text("first_name").empty());

  // A rep cannot attach a contact to a company they cannot see.
  CHECK(f.call("POST", "/api/contacts", rep_a, json::value{{"email", "new@x.com"}, {"companyId", co_b}}).status == 404);
  CHECK(f.call("PATCH", "/api/contacts/" + in_a, rep_a, json::value{{"companyId", co_b}}).status == 404);
  CHECK(f.call("POST", "/api/contacts", rep_a, json::value{{"email", "new@x.com"}, {"companyId", co_a}}).status == 201);
}

TEST_CASE("contacts: detail carries the company and the lead count") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  const auto id = contacts_create(f, token, json::value{{"firstName", "Lee"}, {"email", "lee@x.com"}, {"companyId", company}});
  auto r = f.call("GET", "/api/contacts/" + id, token);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("id") == json::value(id));
  CHECK(r.data().at("fullName") == "Lee");
  CHECK(r.data().at("company").at("id") == json::value(company));
  CHECK(r.data().at("leadCount") == 0);
  REQUIRE(f.call("POST", "/api/leads", token, json::value{{"contactId", id}}).status == 201);
  REQUIRE(f.call("POST", "/api/leads", token, json::value{{"contactId", id}}).status == 201);
  CHECK(f.call("GET", "/api/contacts/" + id, token).data().at("leadCount") == 2);

  const auto loose = contacts_create(f, token, json::value{{"phone", "5551112222"}});
  CHECK(f.call("GET", "/api/contacts/" + loose, token).data().at("company").is_null());
  CHECK(f.call("GET", "/api/contacts/missing", token).status == 404);
}

TEST_CASE("contacts: update recomputes derived fields") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto id = contacts_create(f, token,
                                  json::value{{"firstName", "Ann"}, {"lastName", "Lee"}, {"email", "ann@x.com"},
                                              {"phone", "555-222-3333"}, {"title", "CEO"}});
  f.sql("UPDATE contacts SET email_status = 'VALID', email_verified_at = 1, phone_type = 'MOBILE', "
                  "phone_verified_at = 1 WHERE id = ?", id);

  // A name change keeps the verification of unchanged channels.
  auto r = f.call("PATCH", "/api/contacts/" + id, token, json::value{{"lastName", " Park "}, {"title", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("fullName") == "Ann Park");
  CHECK(r.data().at("title").is_null());
  CHECK(r.data().at("email") == "ann@x.com");
  CHECK(r.data().at("emailStatus") == "VALID");
  CHECK(r.data().at("phoneType") == "MOBILE");

  f.clock->advance(kMinuteMs);
  r = f.call("PATCH", "/api/contacts/" + id, token,
             json::value{{"email", " ANN@New.com"}, {"phone", "+1 (555) 444-5555"}, {"isSmsEligible", true}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("email") == "ANN@New.com");
  CHECK(r.data().at("emailNormalized") == "ann@new.com");
  CHECK(r.data().at("emailStatus") == "UNKNOWN");
  CHECK(r.data().at("emailVerifiedAt").is_null());
  CHECK(r.data().at("phoneE164") == "+15554445555");
  CHECK(r.data().at("phoneType") == "UNKNOWN");
  CHECK(r.data().at("phoneVerifiedAt").is_null());
  CHECK(r.data().at("isSmsEligible") == true);
  CHECK(r.data().at("updatedAt") == json::value(format_iso(f.clock->now_ms())));
  CHECK(f.sql("SELECT phone_digits FROM contacts WHERE id = ?", id).first().text("phone_digits") ==
        "15554445555");

  // Clearing the email leaves the phone; clearing both is refused.
  r = f.call("PATCH", "/api/contacts/" + id, token, json::value{{"email", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("email").is_null());
  CHECK(r.data().at("emailNormalized").is_null());
  r = f.call("PATCH", "/api/contacts/" + id, token, json::value{{"phone", nullptr}});
  CHECK(r.status == 400);
  CHECK(r.error() == "email or phone is required");
  CHECK(f.call("PATCH", "/api/contacts/" + id, token, json::value{{"email", "bad"}}).status == 400);
  CHECK(f.call("PATCH", "/api/contacts/" + id, token, json::value{{"phone", "1"}}).status == 400);
  CHECK(f.call("PATCH", "/api/contacts/missing", token, json::value{{"firstName", "X"}}).status == 404);
}

TEST_CASE("contacts: update to another contact's email conflicts") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  const auto taken = contacts_create(f, token, json::value{{"email", "taken@x.com"}, {"companyId", company}});
  const auto id = contacts_create(f, token, json::value{{"email", "mine@x.com"}});
  auto r = f.call("PATCH", "/api/contacts/" + id, token, json::value{{"email", "Taken@X.com"}, {"firstName", "Changed"}});
  CHECK(r.status == 409);
  CHECK(r.body.at("existingContactId") == json::value(taken));
  CHECK(r.body.at("existingCompanyId") == json::value(company));
  CHECK(f.sql("SELECT first_name FROM contacts WHERE id = ?", id).first().text("first_name").empty());
  // Re-sending one's own email in another case is not a conflict.
  r = f.call("PATCH", "/api/contacts/" + id, token, json::value{{"email", "MINE@x.com"}});
  CHECK(r.status == 200);
}

TEST_CASE("contacts: delete") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = contacts_company(f, "co1", std::nullopt);
  const auto linked = contacts_create(f, token, json::value{{"firstName", "Del"}, {"email", "del@x.com"}, {"companyId", company}});
  const auto loose = contacts_create(f, token, json::value{{"email", "loose@x.com"}});
  const auto with_lead = contacts_create(f, token, json::value{{"email", "lead@x.com"}, {"companyId", company}});
  REQUIRE(f.call("POST", "/api/leads", token, json::value{{"contactId", with_lead}}).status == 201);

  auto r = f.call("DELETE", "/api/contacts/" + linked, token);
  REQUIRE(r.status == 200);
  CHECK(r.body.at("success") == true);
  CHECK(f.call("GET", "/api/contacts/" + linked, token).status == 404);
  CHECK(contacts_activity_count(f, "contact_deleted", company) == 1);
  const auto act = f.sql("SELECT data FROM activities WHERE type = 'contact_deleted'");
  CHECK(json::parse(act.first().text("data")).at("contactId") == json::value(linked));
  CHECK(json::parse(act.first().text("data")).at("name") == "Del");

  CHECK(f.call("DELETE", "/api/contacts/" + loose, token).status == 200);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM activities WHERE type = 'contact_deleted'").first().integer("n") == 1);

  r = f.call("DELETE", "/api/contacts/" + with_lead, token);
  CHECK(r.status == 409);
  CHECK(r.error() == "Contact has leads");
  CHECK(f.call("GET", "/api/contacts/" + with_lead, token).status == 200);
  CHECK(f.call("DELETE", "/api/contacts/missing", token).status == 404);
}
