// /api/message-templates (DOMAIN.md §8): SEQUENCE templates seeded and read-only, CANNED ones
// the team's; {{variables}} checked on save.
#include <doctest/doctest.h>

#include "automation_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::automation;
namespace json = boost::json;

TEST_CASE("message templates: every endpoint requires a token") {
  ApiFixture f;
  CHECK(f.call("GET", "/api/message-templates").status == 401);
  CHECK(f.call("POST", "/api/message-templates", "", json::value{{"name", "x"}}).status == 401);
  CHECK(f.call("PATCH", "/api/message-templates/x", "", json::value{{"name", "x"}}).status == 401);
  CHECK(f.call("DELETE", "/api/message-templates/x").status == 401);
}

TEST_CASE("message templates: the seeded SEQUENCE templates, filtered by channel and category") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  auto r = f.call("GET", "/api/message-templates?category=SEQUENCE&channel=SMS", rep);
  REQUIRE(r.status == 200);
  CHECK(slugs_of(r.data()) ==
        std::vector<std::string>{"left-voicemail-sms", "no-answer-sms", "spoke-send-info-sms"});
  r = f.call("GET", "/api/message-templates?channel=EMAIL", rep);
  REQUIRE(r.data().as_array().size() == 3);
  const auto& e = r.data().as_array()[0];
  CHECK(e.at("channel") == "EMAIL");
  CHECK(e.at("category") == "SEQUENCE");
  CHECK(e.at("subject").is_string());
  CHECK(f.call("GET", "/api/message-templates?channel=FAX", rep).status == 400);
  CHECK(f.call("GET", "/api/message-templates?category=OTHER", rep).status == 400);
}

TEST_CASE("message templates: create a CANNED template with a unique slug") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  auto r = f.call("POST", "/api/message-templates", rep,
                  json::value{{"name", "Quick intro!"},
                              {"channel", "SMS"},
                              {"body", "Hi {{firstName}}, {{ repName }} from {{companyName}}."},
                              {"category", "SEQUENCE"}});
  REQUIRE(r.status == 201);
  const auto& t = r.data().as_object();
  CHECK(t.at("slug") == "quick-intro");
  CHECK(t.at("category") == "CANNED");  // always
  CHECK(t.at("channel") == "SMS");
  CHECK(t.at("subject").is_null());
  CHECK(t.at("isActive") == true);
  r = f.call("POST", "/api/message-templates", rep,
             json::value{{"name", "Quick intro"}, {"channel", "SMS"}, {"body", "Again"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("slug") == "quick-intro-2");
  r = f.call(
      "POST", "/api/message-templates", rep,
      json::value{
          {"name", "Welcome"},
          {"channel", "EMAIL"},
          {"subject", "Hi {{firstName}}"},
          {"body",
           "Welcome, {{fullName}}.\n\n{{repEmail}} {{repPhone}} {{repFirstName}} {{lastName}}"}});
  REQUIRE(r.status == 201);
  CHECK(r.data().at("subject") == "Hi {{firstName}}");

  // Validation.
  r = f.call(
      "POST", "/api/message-templates", rep,
      json::value{
          {"name", "Bad"}, {"channel", "SMS"}, {"body", "Hi {{nickname}} {{ invoiceTotal }}"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "body uses unknown variables: {{nickname}}, {{invoiceTotal}}");
  r = f.call(
      "POST", "/api/message-templates", rep,
      json::value{{"name", "Bad"}, {"channel", "EMAIL"}, {"subject", "{{who}}"}, {"body", "x"}});
  CHECK(r.error() == "subject uses unknown variables: {{who}}");
  r = f.call("POST", "/api/message-templates", rep,
             json::value{{"name", "Bad"}, {"channel", "SMS"}, {"subject", "No"}, {"body", "x"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "subject is only for EMAIL templates");
  CHECK(
      f.call("POST", "/api/message-templates", rep, json::value{{"channel", "SMS"}, {"body", "x"}})
          .status == 400);
  CHECK(f.call("POST", "/api/message-templates", rep, json::value{{"name", "x"}, {"body", "x"}})
            .status == 400);
  CHECK(
      f.call("POST", "/api/message-templates", rep, json::value{{"name", "x"}, {"channel", "SMS"}})
          .status == 400);
  CHECK(f.call("POST", "/api/message-templates", rep,
               json::value{{"name", "x"}, {"channel", "PIGEON"}, {"body", "x"}})
            .status == 400);
  // Braces around something that is not a name are text.
  CHECK(
      f.call("POST", "/api/message-templates", rep,
             json::value{{"name", "Braces"}, {"channel", "SMS"}, {"body", "{{ not a var }} {{}}"}})
          .status == 201);
}

TEST_CASE("message templates: update and delete CANNED; SEQUENCE ones are 403") {
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("rep@example.com");
  auto r = f.call(
      "POST", "/api/message-templates", rep,
      json::value{{"name", "Follow"}, {"channel", "EMAIL"}, {"subject", "S"}, {"body", "B"}});
  const std::string id(r.data().at("id").as_string());
  f.clock->advance(kMinuteMs);
  r = f.call("PATCH", "/api/message-templates/" + id, rep,
             json::value{{"name", "Follow up"},
                         {"subject", nullptr},
                         {"body", "Hi {{firstName}}"},
                         {"isActive", false}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("name") == "Follow up");
  CHECK(r.data().at("subject").is_null());
  CHECK(r.data().at("body") == "Hi {{firstName}}");
  CHECK(r.data().at("isActive") == false);
  CHECK(r.data().at("slug") == "follow");
  CHECK(r.data().at("updatedAt") == format_iso(kStartTime + kMinuteMs).c_str());
  CHECK(f.call("GET", "/api/message-templates", rep).data().as_array().size() ==
        6);  // inactive hidden
  CHECK(f.call("GET", "/api/message-templates?active=all", rep).data().as_array().size() == 7);
  CHECK(
      f.call("PATCH", "/api/message-templates/" + id, rep, json::value{{"body", "{{x}}"}}).status ==
      400);
  CHECK(f.call("PATCH", "/api/message-templates/" + id, rep, json::value{{"channel", "SMS"}})
            .status == 400);
  CHECK(f.call("PATCH", "/api/message-templates/nope", rep, json::value{{"name", "X"}}).status ==
        404);

  r = f.call("PATCH", "/api/message-templates/systpl-no-answer-sms", f.admin_token(),
             json::value{{"body", "Changed"}});
  CHECK(r.status == 403);
  CHECK(f.call("DELETE", "/api/message-templates/systpl-no-answer-sms", f.admin_token()).status ==
        403);

  // A template a sequence uses cannot go.
  REQUIRE(f.call("PATCH", "/api/message-templates/" + id, rep, json::value{{"isActive", true}})
              .status == 200);
  f.call("POST", "/api/tags", f.admin_token(),
         json::value{{"slug", "nurture"}, {"name", "Nurture"}});
  set_steps(f, "nurture",
            json::array{json::object{{"action", "SEND_EMAIL"}, {"templateSlug", "follow"}}},
            {{"isActive", true}});
  r = f.call("DELETE", "/api/message-templates/" + id, rep);
  CHECK(r.status == 409);
  CHECK(r.error() == "Template is used by the nurture sequence");
  set_steps(f, "nurture", json::array{task_step("Call")});
  r = f.call("DELETE", "/api/message-templates/" + id, rep);
  REQUIRE(r.status == 200);
  CHECK(r.body.at("success") == true);
  CHECK(f.call("DELETE", "/api/message-templates/" + id, rep).status == 404);
}
