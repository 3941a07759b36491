// Hunter, Prospeo, Reoon and Trestle adapters against the fake provider: what each provider
// receives (path, key placement, body) and how each answer maps onto the port.
#include <boost/json.hpp>

#include "adapters/enrichment/hunter.hpp"
#include "adapters/enrichment/prospeo.hpp"
#include "adapters/enrichment/reoon.hpp"
#include "adapters/enrichment/trestle.hpp"
#include "provider_kit.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

providers::PersonQuery jane() {
  return {"Jane", "Doe", "Jane Doe", std::string("acme.com"), std::string("Acme")};
}

}  // namespace

// ---- Hunter ----

TEST_CASE("hunter: email finder with the key in the query") {
  ProviderFixture p;
  p.fake.on(
      "GET", "/v2/email-finder",
      json_response(200, R"({"data":{"first_name":"Jane","last_name":"Doe","email":"jane@acme.com",
              "score":97,"domain":"acme.com","position":"Owner","verification":{"status":"valid"}},"meta":{}})"));
  auto hunter = providers::make_hunter(p.client, p.endpoint("/v2"));
  const auto found = hunter->find_email(jane());
  REQUIRE(found);
  CHECK(found->email == "jane@acme.com");
  CHECK(found->confidence == 97);
  CHECK(found->position == "Owner");
  const auto req = p.fake.last_request();
  CHECK(req.method == "GET");
  CHECK(req.path == "/v2/email-finder");
  CHECK(req.query_param("api_key") == kTestKey);
  CHECK(req.query_param("domain") == "acme.com");
  CHECK(req.query_param("first_name") == "Jane");
  CHECK(req.query_param("last_name") == "Doe");
  CHECK_FALSE(req.header("Authorization"));
}

TEST_CASE("hunter: nothing found is an empty answer") {
  ProviderFixture p;
  p.fake.on("GET", "/email-finder",
            json_response(200, R"({"data":{"email":null,"score":null},"meta":{}})"));
  CHECK_FALSE(providers::make_hunter(p.client, p.endpoint())->find_email(jane()));
}

TEST_CASE("hunter: without a name, domain search picks the owner") {
  ProviderFixture p;
  p.fake.on("GET", "/domain-search", json_response(200, R"({"data":{"domain":"acme.com","emails":[
      {"value":"info@acme.com","type":"generic","confidence":99},
      {"value":"sam@acme.com","confidence":90,"first_name":"Sam","position":"Cook","seniority":"junior"},
      {"value":"olga@acme.com","confidence":70,"first_name":"Olga","last_name":"Ng","position":"Owner & Founder"}]}})"));
  providers::PersonQuery q;
  q.domain = "acme.com";
  const auto found = providers::make_hunter(p.client, p.endpoint())->find_email(q);
  REQUIRE(found);
  CHECK(found->email == "olga@acme.com");
  CHECK(found->first_name == "Olga");
  const auto req = p.fake.last_request();
  CHECK(req.query_param("domain") == "acme.com");
  CHECK(req.query_param("type") == "personal");
  CHECK(req.query_param("api_key") == kTestKey);
}

TEST_CASE("hunter: errors carry Hunter's message") {
  ProviderFixture p;
  auto hunter = providers::make_hunter(p.client, p.endpoint());
  p.fake.on(
      "GET", "/email-finder",
      json_response(
          400,
          R"({"errors":[{"id":"wrong_params","code":400,"details":"You are missing the domain parameter"}]})"));
  CHECK(upstream_error([&] { hunter->find_email(jane()); }) ==
        "Hunter: You are missing the domain parameter (HTTP 400)");
  p.fake.on("GET", "/email-finder", json_response(500, "<html>oops</html>"));
  CHECK(upstream_error([&] { hunter->find_email(jane()); }) == "Hunter: HTTP 500");
  p.fake.on("GET", "/email-finder", json_response(200, "{not json"));
  CHECK(upstream_error([&] { hunter->find_email(jane()); }) ==
        "Hunter: response is not valid JSON");
  hunter =
      providers::make_hunter(p.client, p.short_endpoint());  // a short timeout for this one call
  p.fake.on("GET", "/email-finder", slow_response());
  CHECK(upstream_error([&] { hunter->find_email(jane()); }).ends_with("timed out after 300 ms"));
}

// ---- Prospeo ----

TEST_CASE("prospeo: enrich-person with the key in X-KEY and the person in the body") {
  ProviderFixture p;
  p.fake.on("POST", "/enrich-person",
            json_response(200, R"({"error":false,"person":{"full_name":"Jane Doe",
      "mobile":{"status":"VERIFIED","revealed":true,"mobile":"+1 415-555-0132"}}})"));
  const auto found = providers::make_prospeo(p.client, p.endpoint())->find_mobile(jane());
  REQUIRE(found);
  CHECK(found->phone == "+1 415-555-0132");
  const auto req = p.fake.last_request();
  CHECK(req.path == "/enrich-person");
  CHECK(req.header("X-KEY") == kTestKey);
  CHECK(req.header("Content-Type") == "application/json");
  CHECK(req.query.empty());
  const auto body = json::parse(req.body);
  CHECK(body.at("enrich_mobile") == true);
  CHECK(body.at("data").at("first_name") == "Jane");
  CHECK(body.at("data").at("last_name") == "Doe");
  CHECK(body.at("data").at("company_website") == "acme.com");
}

TEST_CASE("prospeo: no match (HTTP 400 NO_MATCH), masked or missing mobiles are nothing found") {
  ProviderFixture p;
  auto prospeo = providers::make_prospeo(p.client, p.endpoint());
  p.fake.on("POST", "/enrich-person",
            json_response(400, R"({"error":true,"error_code":"NO_MATCH"})"));
  CHECK_FALSE(prospeo->find_mobile(jane()));
  p.fake.on(
      "POST", "/enrich-person",
      json_response(
          200, R"({"error":false,"person":{"mobile":{"revealed":false,"mobile":"+1 415-***"}}})"));
  CHECK_FALSE(prospeo->find_mobile(jane()));
  p.fake.on("POST", "/enrich-person",
            json_response(200, R"({"error":false,"response":{"full_name":"J"}})"));
  CHECK_FALSE(prospeo->find_mobile(jane()));
}

TEST_CASE("prospeo: errors carry Prospeo's message") {
  ProviderFixture p;
  auto prospeo = providers::make_prospeo(p.client, p.endpoint());
  p.fake.on("POST", "/enrich-person",
            json_response(401, R"({"error":true,"message":"Invalid API key"})"));
  CHECK(upstream_error([&] { prospeo->find_mobile(jane()); }) ==
        "Prospeo: Invalid API key (HTTP 401)");
  p.fake.on("POST", "/enrich-person", json_response(503, ""));
  CHECK(upstream_error([&] { prospeo->find_mobile(jane()); }) == "Prospeo: HTTP 503");
  p.fake.on("POST", "/enrich-person", json_response(200, "[1,2"));
  CHECK(upstream_error([&] { prospeo->find_mobile(jane()); }) ==
        "Prospeo: response is not valid JSON");
  p.fake.on("POST", "/enrich-person", json_response(200, R"({"ok":1})"));
  CHECK(upstream_error([&] { prospeo->find_mobile(jane()); }) == "Prospeo: response has no person");
  prospeo =
      providers::make_prospeo(p.client, p.short_endpoint());  // a short timeout for this one call
  p.fake.on("POST", "/enrich-person", slow_response());
  CHECK(upstream_error([&] { prospeo->find_mobile(jane()); }).ends_with("timed out after 300 ms"));
}

// ---- Reoon ----

TEST_CASE("reoon: verify with email, key and mode in the query") {
  ProviderFixture p;
  p.fake.on("GET", "/api/v1/verify", json_response(200, R"({"email":"a+b@acme.com","status":"safe",
      "overall_score":98,"is_safe_to_send":true,"verification_mode":"power"})"));
  const auto check = providers::make_reoon(p.client, p.endpoint())->verify_email("a+b@acme.com");
  CHECK(check.status == "VALID");
  CHECK(check.provider_status == "safe");
  CHECK(check.score == 98);
  const auto req = p.fake.last_request();
  CHECK(req.query_param("email") == "a+b@acme.com");
  CHECK(req.query.find("a%2Bb%40acme.com") != std::string::npos);  // encoded on the wire
  CHECK(req.query_param("key") == kTestKey);
  CHECK(req.query_param("mode") == "power");
}

TEST_CASE("reoon: every status word maps onto emailStatus") {
  for (const auto& [word, status] :
       std::vector<std::pair<std::string, std::string>>{{"safe", "VALID"},
                                                        {"valid", "VALID"},
                                                        {"invalid", "INVALID"},
                                                        {"disabled", "INVALID"},
                                                        {"spamtrap", "INVALID"},
                                                        {"catch_all", "CATCH_ALL"},
                                                        {"disposable", "RISKY"},
                                                        {"role_account", "RISKY"},
                                                        {"inbox_full", "RISKY"},
                                                        {"unknown", "UNKNOWN"},
                                                        {"new-word", "UNKNOWN"}}) {
    CAPTURE(word);
    CHECK(providers::reoon_email_status(word) == status);
  }
}

TEST_CASE("reoon: errors carry Reoon's message") {
  ProviderFixture p;
  auto reoon = providers::make_reoon(p.client, p.endpoint(), "quick");
  p.fake.on("GET", "/api/v1/verify",
            json_response(200, R"({"status":"error","reason":"Invalid API key"})"));
  CHECK(upstream_error([&] { reoon->verify_email("a@b.co"); }) == "Reoon: Invalid API key");
  CHECK(p.fake.last_request().query_param("mode") == "quick");
  p.fake.on("GET", "/api/v1/verify",
            json_response(429, R"({"status":"error","reason":"Too many requests"})"));
  CHECK(upstream_error([&] { reoon->verify_email("a@b.co"); }) ==
        "Reoon: Too many requests (HTTP 429)");
  p.fake.on("GET", "/api/v1/verify", json_response(502, "bad gateway"));
  CHECK(upstream_error([&] { reoon->verify_email("a@b.co"); }) == "Reoon: HTTP 502");
  p.fake.on("GET", "/api/v1/verify", json_response(200, "nope"));
  CHECK(upstream_error([&] { reoon->verify_email("a@b.co"); }) ==
        "Reoon: response is not valid JSON");
  p.fake.on("GET", "/api/v1/verify", json_response(200, R"({"email":"a@b.co"})"));
  CHECK(upstream_error([&] { reoon->verify_email("a@b.co"); }) == "Reoon: response has no status");
  reoon = providers::make_reoon(p.client, p.short_endpoint(),
                                "quick");  // a short timeout for this one call
  p.fake.on("GET", "/api/v1/verify", slow_response());
  CHECK(upstream_error([&] { reoon->verify_email("a@b.co"); }).ends_with("timed out after 300 ms"));
}

// ---- Trestle ----

TEST_CASE("trestle: phone intel with the key in x-api-key") {
  ProviderFixture p;
  p.fake.on("GET", "/3.0/phone_intel",
            json_response(200, R"({"id":"Phone.1","phone_number":"4155550132",
      "is_valid":true,"activity_score":87,"country_code":"US","line_type":"Mobile","carrier":"T-Mobile",
      "is_prepaid":false,"error":null,"warnings":null})"));
  const auto check = providers::make_trestle(p.client, p.endpoint())->verify_phone("+14155550132");
  CHECK(check.is_valid);
  CHECK(check.phone_type == "MOBILE");
  CHECK(check.line_type == "Mobile");
  CHECK(check.activity_score == 87);
  CHECK(check.carrier == "T-Mobile");
  const auto req = p.fake.last_request();
  CHECK(req.path == "/3.0/phone_intel");
  CHECK(req.header("x-api-key") == kTestKey);
  CHECK(req.query_param("phone") == "+14155550132");
  CHECK(req.query_param("phone.country_hint") == "US");
  CHECK_FALSE(req.query_param("api_key"));
}

TEST_CASE("trestle: line types map onto phoneType") {
  CHECK(providers::trestle_phone_type("Mobile") == "MOBILE");
  CHECK(providers::trestle_phone_type("Landline") == "LANDLINE");
  CHECK(providers::trestle_phone_type("FixedVOIP") == "VOIP");
  CHECK(providers::trestle_phone_type("NonFixedVOIP") == "VOIP");
  CHECK(providers::trestle_phone_type("TollFree") == "UNKNOWN");
}

TEST_CASE("trestle: errors carry Trestle's message") {
  ProviderFixture p;
  auto trestle = providers::make_trestle(p.client, p.endpoint());
  p.fake.on(
      "GET", "/3.0/phone_intel",
      json_response(
          403,
          R"({"error":{"name":"InvalidCredentials","message":"Invalid or deactivated API key"}})"));
  CHECK(upstream_error([&] { trestle->verify_phone("+14155550132"); }) ==
        "Trestle: Invalid or deactivated API key (HTTP 403)");
  p.fake.on(
      "GET", "/3.0/phone_intel",
      json_response(200, R"({"is_valid":false,"error":{"name":"Bad","message":"Invalid phone"}})"));
  CHECK(upstream_error([&] { trestle->verify_phone("+1"); }) == "Trestle: Invalid phone");
  p.fake.on("GET", "/3.0/phone_intel", json_response(500, R"({"error":{"message":"internal"}})"));
  CHECK(upstream_error([&] { trestle->verify_phone("+14155550132"); }) ==
        "Trestle: internal (HTTP 500)");
  p.fake.on("GET", "/3.0/phone_intel", json_response(200, "<xml/>"));
  CHECK(upstream_error([&] { trestle->verify_phone("+14155550132"); }) ==
        "Trestle: response is not valid JSON");
  trestle =
      providers::make_trestle(p.client, p.short_endpoint());  // a short timeout for this one call
  p.fake.on("GET", "/3.0/phone_intel", slow_response());
  CHECK(upstream_error([&] {
          trestle->verify_phone("+14155550132");
        }).ends_with("timed out after 300 ms"));
}
