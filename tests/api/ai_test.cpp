// POST /api/ai: draft | summarize | suggest for a lead, through an OpenAI-compatible fake.
#include <doctest/doctest.h>

#include "lead_sourcing_kit.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

struct Ai {
  ProvidersOnFake providers;
  ApiFixture f{[this](EngineOptions& o) { o.providers.chat = providers.all().chat; }};
  std::string token = f.admin_token();
  int leads_made = 0;
  FakeProvider& fake() { return providers.fake; }

  // A lead of "Jane Doe" at "Acme Diner" (assigned to `rep`), with a note and a stage change.
  std::string lead(const std::optional<std::string>& rep = std::nullopt) {
    auto company =
        f.call("POST", "/api/companies", token,
               json::value{{"name", "Acme Diner"},
                           {"website", "acmediner.com"},
                           {"assignedRepId", rep ? json::value(*rep) : json::value(nullptr)}});
    const std::string company_id(company.data().at("id").as_string());
    auto contact =
        f.call("POST", "/api/contacts", token,
               json::value{{"firstName", "Jane"},
                           {"lastName", "Doe"},
                           {"email", "jane" + std::to_string(++leads_made) + "@acmediner.com"},
                           {"companyId", company_id}});
    auto lead = f.call("POST", "/api/leads", token,
                       json::value{{"contactId", std::string(contact.data().at("id").as_string())},
                                   {"source", "google_maps"}});
    const std::string lead_id(lead.data().at("id").as_string());
    f.call("POST", "/api/companies/" + company_id + "/notes", token,
           json::value{{"body", "Wants 3 terminals by March"}});
    f.call("PATCH", "/api/leads/" + lead_id + "/stage", token, json::value{{"stage", "QUALIFIED"}});
    return lead_id;
  }

  void answer(const std::string& text) {
    fake().on(
        "POST", "/ai/chat/completions",
        canned(200,
               json::serialize(json::value{
                   {"id", "c1"},
                   {"object", "chat.completion"},
                   {"choices", json::array{{{"index", 0},
                                            {"message", {{"role", "assistant"}, {"content", text}}},
                                            {"finish_reason", "stop"}}}}})));
  }
};

std::int64_t total_rows(ApiFixture& f) {
  std::int64_t n = 0;
  for (const char* t : {"companies", "contacts", "leads", "activities", "notes", "lead_scores"})
    n += count_rows(f, t);
  return n;
}

}  // namespace

TEST_CASE("ai: unconfigured is 501; any user may ask; validation names the field") {
  ApiFixture plain;
  const auto admin = plain.admin_token();
  auto r =
      plain.call("POST", "/api/ai", admin, json::value{{"action", "summarize"}, {"leadId", "x"}});
  CHECK(r.status == 501);
  CHECK(r.error() == "AI is not configured (AI_API_KEY)");

  Ai ai;
  const auto lead = ai.lead();
  CHECK(ai.f.call("POST", "/api/ai", "", json::value{{"action", "summarize"}, {"leadId", lead}})
            .status == 401);
  r = ai.f.call("POST", "/api/ai", ai.token, json::value{{"leadId", lead}});
  CHECK(r.status == 400);
  CHECK(r.error() == "action is required (draft, summarize or suggest)");
  r = ai.f.call("POST", "/api/ai", ai.token, json::value{{"action", "poem"}, {"leadId", lead}});
  CHECK(r.status == 400);
  CHECK(r.error() == "Invalid action: poem");
  r = ai.f.call("POST", "/api/ai", ai.token, json::value{{"action", "draft"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "leadId is required");
  r = ai.f.call("POST", "/api/ai", ai.token,
                json::value{{"action", "draft"}, {"leadId", lead}, {"channel", "FAX"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "Invalid channel: FAX");
  CHECK(ai.f.call("POST", "/api/ai", ai.token, json::value{{"action", "draft"}, {"leadId", "nope"}})
            .status == 404);
  CHECK(ai.fake().request_count() == 0);
}

TEST_CASE("ai: summarize sends the lead's record and timeline, returns the text, writes nothing") {
  Ai ai;
  const auto lead = ai.lead();
  ai.answer("  - Jane Doe owns Acme Diner.\n  ");
  const auto before = total_rows(ai.f);
  const auto r = ai.f.call("POST", "/api/ai", ai.token,
                           json::value{{"action", "summarize"}, {"leadId", lead}});
  REQUIRE(r.status == 200);
  CHECK(r.body == json::value{{"data", {{"text", "- Jane Doe owns Acme Diner."}}}});
  CHECK(total_rows(ai.f) == before);

  const auto req = ai.fake().last_request();
  CHECK(req.header("Authorization") == "Bearer key-ai");
  const auto body = json::parse(req.body);
  const auto& messages = body.at("messages").as_array();
  REQUIRE(messages.size() == 2);
  const std::string system(messages.at(0).at("content").as_string());
  const std::string user(messages.at(1).at("content").as_string());
  CHECK(system.find("Summarize this lead") != std::string::npos);
  CHECK(system.find("never invent prices") != std::string::npos);
  for (const char* fact :
       {"stage: QUALIFIED", "name: Jane Doe", "email: jane1@acmediner.com", "name: Acme Diner",
        "source: google_maps", "stage_changed", "Wants 3 terminals by March", "Rep: Ada Admin"}) {
    CAPTURE(fact);
    CHECK(user.find(fact) != std::string::npos);
  }
}

TEST_CASE("ai: draft follows the channel; suggest asks for the next action") {
  Ai ai;
  const auto lead = ai.lead();
  ai.answer("Hi Jane!");
  REQUIRE(ai.f.call("POST", "/api/ai", ai.token,
                    json::value{{"action", "draft"}, {"leadId", lead}, {"channel", "sms"}})
              .status == 200);
  auto system = std::string(
      json::parse(ai.fake().last_request().body).at("messages").at(0).at("content").as_string());
  CHECK(system.find("text message (SMS)") != std::string::npos);
  REQUIRE(ai.f.call("POST", "/api/ai", ai.token, json::value{{"action", "draft"}, {"leadId", lead}})
              .status == 200);
  system = std::string(
      json::parse(ai.fake().last_request().body).at("messages").at(0).at("content").as_string());
  CHECK(system.find("Subject:") != std::string::npos);
  REQUIRE(
      ai.f.call("POST", "/api/ai", ai.token, json::value{{"action", "suggest"}, {"leadId", lead}})
          .status == 200);
  system = std::string(
      json::parse(ai.fake().last_request().body).at("messages").at(0).at("content").as_string());
  CHECK(system.find("single best next action") != std::string::npos);
}

TEST_CASE("ai: a rep asks only about leads they can see") {
  Ai ai;
  const auto [rep, rep_id] = ai.f.make_user("rep@example.com");
  const auto [other, other_id] = ai.f.make_user("other@example.com");
  const auto theirs = ai.lead(other_id);
  const auto mine = ai.lead(rep_id);
  ai.answer("ok");
  CHECK(ai.f.call("POST", "/api/ai", rep, json::value{{"action", "summarize"}, {"leadId", theirs}})
            .status == 404);
  CHECK(ai.f.call("POST", "/api/ai", rep, json::value{{"action", "summarize"}, {"leadId", mine}})
            .status == 200);
  CHECK(ai.fake().request_count() == 1);
}

TEST_CASE("ai: provider failures and empty answers are 502") {
  Ai ai;
  const auto lead = ai.lead();
  const json::value ask{{"action", "suggest"}, {"leadId", lead}};
  ai.fake().on(
      "POST", "/ai/chat/completions",
      canned(
          429,
          R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":null}})"));
  auto r = ai.f.call("POST", "/api/ai", ai.token, ask);
  CHECK(r.status == 502);
  CHECK(r.error() == "AI: Rate limit reached (HTTP 429)");
  ai.fake().on("POST", "/ai/chat/completions", canned(200, "not json"));
  r = ai.f.call("POST", "/api/ai", ai.token, ask);
  CHECK(r.status == 502);
  CHECK(r.error() == "AI: response is not valid JSON");
  ai.answer("   ");
  r = ai.f.call("POST", "/api/ai", ai.token, ask);
  CHECK(r.status == 502);
  CHECK(r.error() == "AI: the model returned no text");
}
