// Issue #9, defect 7: every stored text field has a length limit and refuses control
// characters, bidi controls and invalid UTF-8; URL fields take http/https only. One table
// below lists every write path and field, so a path that forgets a field shows up here.
#include <doctest/doctest.h>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

enum class Kind { kLine, kMultiLine, kEmail, kPhone, kUrl, kSecret };

struct FieldCase {
  std::string method;
  std::string path;
  json::object base;  // a valid body without the field
  std::string field;  // "contact.firstName" for a nested object
  Kind kind;
};

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

json::object with_field(json::object body, const std::string& field, json::value v) {
  if (const auto dot = field.find('.'); dot != std::string::npos) {
    const std::string outer = field.substr(0, dot);
    json::object inner = body.contains(outer) ? body[outer].as_object() : json::object{};
    body[outer] = with_field(std::move(inner), field.substr(dot + 1), std::move(v));
    return body;
  }
  body[field] = std::move(v);
  return body;
}

// Values the field must refuse, with the start of the expected message after the field name.
// `before` NUL `after`.
std::string with_nul(const std::string& before, const std::string& after) {
  return before + std::string(1, '\0') + after;
}

// A phone number typed with `spaces` blanks inside: 17 + spaces characters.
std::string padded_phone(std::size_t spaces) {
  return "+1" + repeat(" ", spaces) + "(415) 555-2671";
}

std::vector<std::pair<std::string, std::string>> bad_values(Kind kind) {
  const std::string nul = with_nul("a", "b"), bidi =
                                                  "invoice\xe2\x80\xae"
                                                  "fdp.exe";
  switch (kind) {
    case Kind::kLine:
    case Kind::kSecret:
      return {{repeat("x", 256), "is too long"},
              {nul, "must not contain control characters"},
              {"two\nlines", "must not contain control characters"},
              {"a\tb", "must not contain control characters"},
              {bidi, "must not contain bidirectional"}};
    case Kind::kMultiLine:
      return {{repeat("x", 65537), "is too long"},
              {nul, "must not contain control characters"},
              {"bell\x07", "must not contain control characters"},
              {bidi, "must not contain bidirectional"}};
    case Kind::kEmail:
      return {{repeat("a", 243) + "@example.com", "is too long"},
              {with_nul("a", "b@example.com"), "must not contain control characters"},
              {"ann\xe2\x80\xae@example.com", "must not contain bidirectional"}};
    case Kind::kPhone:
      return {{padded_phone(17), "is too long"},
              {with_nul("415", "5552671"), "must not contain control characters"}};
    case Kind::kUrl:
      return {{"javascript:alert(document.cookie)", "must be an http or https URL"},
              {"data:text/html,<script>alert(1)</script>", "must be an http or https URL"},
              {"https://acme.com/" + repeat("a", 2032), "is too long"},
              {with_nul("https://acme.com/", "x"), "must not contain control characters"}};
  }
  return {};
}

struct TextWorld {
  ApiFixture f;
  std::string admin = f.admin_token();
  std::string rep_id = f.make_user("rep@example.com").second;
  std::string company, address, contact, lead, company_note, lead_note;

  TextWorld() {
    company = id_of(f.call("POST", "/api/companies", admin, json::value{{"name", "Acme"}}));
    address = id_of(f.call("POST", "/api/companies/" + company + "/addresses", admin,
                           json::value{{"type", "BOTH"},
                                       {"addressLine1", "1 Main St"},
                                       {"city", "Austin"},
                                       {"state", "TX"},
                                       {"zip", "78701"}}));
    contact = id_of(f.call("POST", "/api/contacts", admin,
                           json::value{{"email", "c@example.com"}, {"companyId", company}}));
    lead = id_of(f.call("POST", "/api/leads", admin,
                        json::value{{"contactId", contact}, {"stage", "LOST"}}));
    company_note = id_of(f.call("POST", "/api/companies/" + company + "/notes", admin,
                                json::value{{"body", "first"}}));
    lead_note =
        id_of(f.call("POST", "/api/leads/" + lead + "/notes", admin, json::value{{"body", "x"}}));
    REQUIRE(f.call("POST", "/api/users/" + rep_id + "/sms-gateway", admin, gateway()).status ==
            201);
  }

  static std::string id_of(const ApiResult& r) {
    REQUIRE(r.status / 100 == 2);
    return std::string(r.data().at("id").as_string());
  }
  static json::object gateway() {
    return {{"label", "Phone"},
            {"gatewayUrl", "https://sms.example.com"},
            {"username", "u"},
            {"password", "p"},
            {"fromNumber", "+14155552671"}};
  }

  std::vector<FieldCase> cases() const {
    const std::string users = "/api/users/" + rep_id, companies = "/api/companies/" + company;
    const json::object invite{{"email", "new@example.com"}, {"firstName", "N"}, {"role", "REP"}};
    const json::object new_address{{"type", "BOTH"},
                                   {"addressLine1", "2 Main St"},
                                   {"city", "Austin"},
                                   {"state", "TX"},
                                   {"zip", "78701"}};
    const json::object new_contact{{"phone", "+14155550100"}};
    std::vector<FieldCase> out;
    const auto add = [&](std::string method, std::string path, json::object base,
                         std::initializer_list<std::pair<const char*, Kind>> fields) {
      for (const auto& [field, kind] : fields) out.push_back({method, path, base, field, kind});
    };
    add("POST", "/api/users", invite,
        {{"email", Kind::kEmail},
         {"firstName", Kind::kLine},
         {"lastName", Kind::kLine},
         {"phone", Kind::kPhone}});
    add("PATCH", "/api/users/me", {},
        {{"email", Kind::kEmail},
         {"firstName", Kind::kLine},
         {"lastName", Kind::kLine},
         {"phone", Kind::kPhone}});
    add("PATCH", users, {},
        {{"firstName", Kind::kLine}, {"lastName", Kind::kLine}, {"phone", Kind::kPhone}});
    add("POST", users + "/sms-gateway", gateway(),  // checked before "already has one" (409)
        {{"label", Kind::kLine},
         {"gatewayUrl", Kind::kUrl},
         {"username", Kind::kLine},
         {"password", Kind::kSecret},
         {"fromNumber", Kind::kPhone}});
    add("PATCH", users + "/sms-gateway", {},
        {{"label", Kind::kLine},
         {"gatewayUrl", Kind::kUrl},
         {"username", Kind::kLine},
         {"password", Kind::kSecret},
         {"fromNumber", Kind::kPhone}});
    for (const auto& [method, path] :
         {std::pair<std::string, std::string>{"POST", "/api/companies"}, {"PATCH", companies}})
      add(method, path, {{"name", "Beta"}},
          {{"name", Kind::kLine},
           {"website", Kind::kUrl},
           {"phone", Kind::kPhone},
           {"industry", Kind::kLine},
           {"icpTag", Kind::kLine},
           {"businessLabel", Kind::kLine},
           {"source", Kind::kLine},
           {"vendor", Kind::kLine},
           {"salesNote", Kind::kMultiLine}});
    for (const auto& [method, path] :
         {std::pair<std::string, std::string>{"POST", companies + "/addresses"},
          {"PATCH", companies + "/addresses/" + address}})
      add(method, path, new_address,
          {{"label", Kind::kLine},
           {"addressLine1", Kind::kLine},
           {"addressLine2", Kind::kLine},
           {"city", Kind::kLine},
           {"state", Kind::kLine},
           {"zip", Kind::kLine},
           {"country", Kind::kLine},
           {"notes", Kind::kMultiLine}});
    for (const auto& [method, path] : {std::pair<std::string, std::string>{"POST", "/api/contacts"},
                                       {"PATCH", "/api/contacts/" + contact}})
      add(method, path, new_contact,
          {{"firstName", Kind::kLine},
           {"lastName", Kind::kLine},
           {"email", Kind::kEmail},
           {"phone", Kind::kPhone},
           {"title", Kind::kLine},
           {"source", Kind::kLine},
           {"notes", Kind::kMultiLine}});
    add("POST", "/api/leads", {{"contactId", contact}},
        {{"source", Kind::kLine}, {"sourceCampaign", Kind::kLine}});
    add("PATCH", "/api/leads/" + lead, {},
        {{"source", Kind::kLine},
         {"lostReason", Kind::kLine},
         {"contact.firstName", Kind::kLine},
         {"contact.title", Kind::kLine},
         {"contact.email", Kind::kEmail},
         {"contact.notes", Kind::kMultiLine}});
    add("PATCH", "/api/leads/" + lead + "/stage", {{"stage", "LOST"}},
        {{"reason", Kind::kLine}, {"lostReason", Kind::kLine}});
    add("POST", companies + "/notes", {}, {{"body", Kind::kMultiLine}});
    add("PATCH", companies + "/notes/" + company_note, {}, {{"body", Kind::kMultiLine}});
    add("POST", "/api/leads/" + lead + "/notes", {}, {{"body", Kind::kMultiLine}});
    add("PATCH", "/api/leads/" + lead + "/notes/" + lead_note, {}, {{"body", Kind::kMultiLine}});
    return out;
  }
};

std::string leaf(const std::string& field) { return field.substr(field.rfind('.') + 1); }

}  // namespace

TEST_CASE("text limits: every write path refuses long, control, bidi and non-web values") {
  TextWorld w;
  int checked = 0;
  for (const FieldCase& c : w.cases()) {
    for (const auto& [value, what] : bad_values(c.kind)) {
      auto r = w.f.call(c.method, c.path, w.admin,
                        json::value(with_field(c.base, c.field, json::string(value))));
      const std::string expected = leaf(c.field) + " " + what;
      CHECK_MESSAGE((r.status == 400 && r.error().starts_with(expected)), c.method, " ", c.path,
                    " ", c.field, ": ", r.status, " ", r.error(), " (expected ", expected, ")");
      ++checked;
    }
  }
  CHECK(checked > 250);
  // Nothing of it was stored.
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM companies").first().integer("n") == 1);
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM contacts").first().integer("n") == 1);
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM notes").first().integer("n") == 2);
}

TEST_CASE("text limits: values at the limit are accepted, counted in characters") {
  TextWorld w;
  const std::string emoji_255 = repeat("\xf0\x9f\x9a\x80", 255);  // 1,020 bytes
  auto r = w.f.call("POST", "/api/companies", w.admin,
                    json::value{{"name", emoji_255}, {"salesNote", repeat("n", 65536)}});
  REQUIRE(r.status == 201);
  CHECK(std::string(r.data().at("name").as_string()) == emoji_255);
  // Tab and newlines belong in multi-line text; surrounding blanks are trimmed.
  r = w.f.call("POST", "/api/companies/" + w.company + "/notes", w.admin,
               json::value{{"body", "  Call back:\n\t- Monday\r\n\t- Friday\n"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("body") == "Call back:\n\t- Monday\r\n\t- Friday");
  r = w.f.call(
      "POST", "/api/contacts", w.admin,
      json::value{{"email", repeat("a", 242) + "@example.com"}, {"phone", padded_phone(16)}});
  CHECK(r.status == 201);
}

TEST_CASE("URLs: a bare domain gets https, other schemes are refused") {
  TextWorld w;
  auto r = w.f.call("PATCH", "/api/companies/" + w.company, w.admin,
                    json::value{{"website", "acme.com/about"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("website") == "https://acme.com/about");
  r = w.f.call("PATCH", "/api/companies/" + w.company, w.admin,
               json::value{{"website", "http://acme.com"}});
  CHECK(r.data().at("website") == "http://acme.com");
  for (const char* bad : {"javascript:alert(1)", "JAVASCRIPT:alert(1)", "javascript://x%0aalert(1)",
                          "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://acme.com"}) {
    r = w.f.call("PATCH", "/api/companies/" + w.company, w.admin, json::value{{"website", bad}});
    CHECK_MESSAGE(r.error() == "website must be an http or https URL", bad);
  }
  CHECK(w.f.sql("SELECT website FROM companies WHERE id = ?", w.company).first().text("website") ==
        "http://acme.com");
  r = w.f.call("PATCH", "/api/users/" + w.rep_id + "/sms-gateway", w.admin,
               json::value{{"gatewayUrl", "sms.example.com:8080"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("gatewayUrl") == "https://sms.example.com:8080");
}

TEST_CASE("text: NUL as \\u0000, invalid UTF-8 and lone surrogates in a body are 400") {
  TextWorld w;
  auto r = w.f.call("POST", "/api/companies", w.admin, std::string(R"({"name":"a\u0000b"})"));
  CHECK(r.status == 400);
  CHECK(r.error() == "name must not contain control characters");
  r = w.f.call("POST", "/api/companies", w.admin, std::string("{\"name\":\"a\xff\xfe\"}"));
  CHECK(r.status == 400);
  r = w.f.call("POST", "/api/companies", w.admin, std::string(R"({"name":"a\ud800b"})"));
  CHECK(r.status == 400);
  r = w.f.call("POST", "/api/companies", w.admin, std::string(R"({"name":"a\u202eb"})"));
  CHECK(r.error() == "name must not contain bidirectional control characters");
  CHECK(w.f.sql("SELECT COUNT(*) AS n FROM companies").first().integer("n") == 1);
}

TEST_CASE("text: first-user setup and login check their text too") {
  ApiFixture f;
  auto r = f.call("PUT", "/api/auth", "",
                  json::value{{"email", "a@example.com"},
                              {"password", "long-enough"},
                              {"firstName", repeat("x", 256)}});
  CHECK(r.error() == "firstName is too long (at most 255 characters)");
  r = f.call("PUT", "/api/auth", "",
             json::value{{"email", "a@example.com"},
                         {"password", std::string("long\0enough", 11)},
                         {"firstName", "A"}});
  CHECK(r.error() == "password must not contain control characters");
  f.admin_token();
  // A login email longer than any account's is refused before it reaches the throttle's table.
  r = f.call("POST", "/api/auth", "",
             json::value{{"email", repeat("a", 300) + "@example.com"}, {"password", "whatever-1"}});
  CHECK(r.status == 400);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM login_failures").first().integer("n") == 0);
}

TEST_CASE("text: ids and filters PostgreSQL would refuse are 400, not 500") {
  TextWorld w;
  // Invalid UTF-8 reached PostgreSQL as a parameter and failed the statement (a 500 there).
  for (const char* target :
       {"/api/companies?search=%FF", "/api/leads/%FF", "/api/companies/%C0%AF",
        "/api/activities?leadId=%FF", "/api/contacts?companyId=%FF", "/api/leads?source=%ED%A0%80",
        "/api/contacts?search=a%00b", "/api/leads/%E2%80%AE"}) {
    auto r = w.f.call("GET", target, w.admin);
    CHECK_MESSAGE(r.status == 400, target, " -> ", r.status);
  }
  auto r = w.f.call("PATCH", "/api/companies/%FF", w.admin, json::value{{"name", "x"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "id is not valid UTF-8");
  // Ids inside bodies are checked like any text.
  r = w.f.call(
      "POST", "/api/leads", w.admin,
      json::value{{"contactId", w.contact}, {"companyId", w.company + std::string(1, '\0')}});
  CHECK(r.error() == "companyId must not contain control characters");
  r = w.f.call("PATCH", "/api/companies/" + w.company, w.admin,
               json::value{{"assignedRepId", w.rep_id + std::string(1, '\0')}});
  CHECK(r.error() == "assignedRepId must not contain control characters");
  r = w.f.call("PATCH", "/api/users/" + w.rep_id + "/email-account", w.admin,
               json::value{{"emailAccountId", std::string("a\0b", 3)}});
  CHECK(r.error() == "emailAccountId must not contain control characters");
}
