// POST /api/companies/[id]/enrich and the contact enrichment calls (DOMAIN.md §16), with every
// provider on a loopback fake.
#include <doctest/doctest.h>

#include "lead_sourcing_kit.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

// An engine with every provider on one fake server and DATA_DIR in a temporary folder.
struct Enrichment {
  ProvidersOnFake providers;
  TempDir data;
  ApiFixture f{[this](EngineOptions& o) {
    o.providers = providers.all();
    o.data_dir = data.str();
  }};
  std::string token = f.admin_token();
  FakeProvider& fake() { return providers.fake; }

  std::string company(const json::object& body) {
    auto r = f.call("POST", "/api/companies", token, json::value(body));
    REQUIRE(r.status == 201);
    return std::string(r.data().at("id").as_string());
  }
  std::string contact(const json::object& body) {
    auto r = f.call("POST", "/api/contacts", token, json::value(body));
    REQUIRE(r.status == 201);
    return std::string(r.data().at("id").as_string());
  }
  ApiResult post(const std::string& path) { return f.call("POST", path, token, std::string("{}")); }
  std::int64_t activities(const std::string& type) {
    return f.sql("SELECT COUNT(*) AS n FROM activities WHERE type = ?", type).first().integer("n");
  }
};

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0", 4) + "fake jpeg body";

void serve_places(FakeProvider& fake, const std::string& place_json) {
  fake.on("POST", "/places/v1/places:searchText",
          canned(200, R"({"places":[)" + place_json + "]}"));
  fake.on("GET", "/places/v1/places/P1/photos/R1/media",
          canned(200, R"({"name":"places/P1/photos/R1/media","photoUri":")" + fake.base_url() +
                          R"(/img/r1"})"));
  CannedResponse image;
  image.body = kJpeg;
  image.headers = {{"Content-Type", "image/jpeg"}};
  fake.on("GET", "/img/r1", image);
}

constexpr const char* kPlace =
    R"({"id":"P1","displayName":{"text":"Acme Diner"},"rating":4.4,"userRatingCount":87,
        "googleMapsUri":"https://maps.google.com/?cid=77","websiteUri":"https://places-site.com",
        "nationalPhoneNumber":"(512) 555-0100","photos":[{"name":"places/P1/photos/R1"}]})";

std::size_t requests_to(FakeProvider& fake, const std::string& path) {
  std::size_t n = 0;
  for (const auto& r : fake.requests()) n += r.path == path;
  return n;
}

}  // namespace

TEST_CASE("enrichment: every call is admin-only and 404s on unknown records") {
  Enrichment e;
  const auto [rep, rep_id] = e.f.make_user("rep@example.com");
  const auto company = e.company({{"name", "Acme"}});
  const auto contact = e.contact({{"email", "a@acme.com"}, {"companyId", company}});
  const std::vector<std::string> contact_calls = {"find-direct-email", "find-direct-mobile",
                                                  "verify-email", "verify-phone"};
  CHECK(e.f.call("POST", "/api/companies/" + company + "/enrich", "", std::string("{}")).status ==
        401);
  CHECK(e.f.call("POST", "/api/companies/" + company + "/enrich", rep, std::string("{}")).status ==
        403);
  CHECK(e.post("/api/companies/nope/enrich").status == 404);
  for (const auto& call : contact_calls) {
    CAPTURE(call);
    CHECK(e.f.call("POST", "/api/contacts/" + contact + "/" + call, "", std::string("{}")).status ==
          401);
    CHECK(
        e.f.call("POST", "/api/contacts/" + contact + "/" + call, rep, std::string("{}")).status ==
        403);
    CHECK(e.post("/api/contacts/nope/" + call).status == 404);
  }
  CHECK(e.fake().request_count() == 0);
}

TEST_CASE("enrichment: a provider without a key answers 501 and is never called") {
  ApiFixture f;
  const auto token = f.admin_token();
  const auto company = f.call("POST", "/api/companies", token,
                              json::value{{"name", "Acme"}, {"website", "acme.com"}});
  const std::string company_id(company.data().at("id").as_string());
  const auto contact = f.call("POST", "/api/contacts", token,
                              json::value{{"firstName", "Jo"},
                                          {"lastName", "Ng"},
                                          {"email", "jo@acme.com"},
                                          {"phone", "5125550100"},
                                          {"companyId", company_id}});
  const std::string contact_id(contact.data().at("id").as_string());
  const auto expect = [&](const std::string& path, const std::string& message) {
    CAPTURE(path);
    const auto r = f.call("POST", path, token, std::string("{}"));
    CHECK(r.status == 501);
    CHECK(r.error() == message);
  };
  expect("/api/companies/" + company_id + "/enrich",
         "Company enrichment is not configured: set BRAVE_API_KEY or GOOGLE_PLACES_API_KEY");
  expect("/api/contacts/" + contact_id + "/find-direct-email",
         "Hunter (HUNTER_API_KEY) is not configured");
  expect("/api/contacts/" + contact_id + "/find-direct-mobile",
         "Prospeo (PROSPEO_API_KEY) is not configured");
  expect("/api/contacts/" + contact_id + "/verify-email",
         "Reoon (REOON_API_KEY) is not configured");
  expect("/api/contacts/" + contact_id + "/verify-phone",
         "Trestle (TRESTLE_API_KEY) is not configured");
}

// ---- find-direct-email (Hunter) ----

TEST_CASE("find-direct-email: a business's main line gets the owner's email") {
  Enrichment e;
  const auto company =
      e.company({{"name", "Acme Diner"}, {"website", "https://www.acmediner.com"}});
  const auto contact = e.contact({{"phone", "512-555-0100"}, {"companyId", company}});
  e.fake().on("GET", "/hunter/domain-search",
              canned(200, R"({"data":{"domain":"acmediner.com","emails":[
      {"value":"olga@acmediner.com","confidence":91,"first_name":"Olga","last_name":"Ng","position":"Owner"}]}})"));
  const auto r = e.post("/api/contacts/" + contact + "/find-direct-email");
  REQUIRE(r.status == 200);
  const auto& d = r.data().as_object();
  CHECK(d.at("found") == true);
  CHECK(d.at("email") == "olga@acmediner.com");
  CHECK(d.at("confidence") == 91);
  CHECK(d.at("contactCreated") == false);
  CHECK(d.at("contact").at("id") == json::value(contact));
  CHECK(d.at("contact").at("email") == "olga@acmediner.com");
  CHECK(d.at("contact").at("fullName") == "Olga Ng");
  CHECK(d.at("contact").at("title") == "Owner");
  const auto req = e.fake().last_request();
  CHECK(req.query_param("domain") == "acmediner.com");
  CHECK(req.query_param("api_key") == "key-hunter");
  const auto act =
      e.f.sql("SELECT company_id, data FROM activities WHERE type = 'owner_email_discovered'");
  REQUIRE(act.rows.size() == 1);
  CHECK(act.first().text("company_id") == company);
  CHECK(json::parse(act.first().text("data")).at("email") == "olga@acmediner.com");
}

TEST_CASE("find-direct-email: another person's email becomes a contact of their own") {
  Enrichment e;
  const auto company = e.company({{"name", "Acme"}, {"website", "acme.com"}});
  const auto contact = e.contact({{"firstName", "Sam"},
                                  {"lastName", "Lee"},
                                  {"email", "front@acme.com"},
                                  {"companyId", company}});
  e.fake().on("GET", "/hunter/email-finder",
              canned(200, R"({"data":{"email":"sam.lee@acme.com","score":80,
      "first_name":"Sam","last_name":"Lee","position":"Manager"}})"));
  const auto r = e.post("/api/contacts/" + contact + "/find-direct-email");
  REQUIRE(r.status == 200);
  CHECK(r.data().at("contactCreated") == true);
  CHECK(r.data().at("contact").at("companyId") == json::value(company));
  CHECK(r.data().at("contact").at("source") == "hunter");
  CHECK(e.fake().last_request().query_param("first_name") == "Sam");
  CHECK(e.f.sql("SELECT email FROM contacts WHERE id = ?", contact).first().text("email") ==
        "front@acme.com");
  CHECK(e.f.sql("SELECT COUNT(*) AS n FROM contacts").first().integer("n") == 2);

  // Found again: the holder is matched, nothing is created twice.
  const auto again = e.post("/api/contacts/" + contact + "/find-direct-email");
  CHECK(again.data().at("contactCreated") == false);
  CHECK(again.data().at("contact").at("email") == "sam.lee@acme.com");
  CHECK(e.f.sql("SELECT COUNT(*) AS n FROM contacts").first().integer("n") == 2);
}

TEST_CASE("find-direct-email: nothing found, bad input and provider failures write nothing") {
  Enrichment e;
  const auto with_site = e.company({{"name", "Acme"}, {"website", "acme.com"}});
  const auto no_site = e.company({{"name", "Plain"}});
  const auto contact = e.contact({{"phone", "512-555-0100"}, {"companyId", with_site}});
  const auto loose = e.contact({{"phone", "512-555-0101"}});
  const auto plain = e.contact({{"phone", "512-555-0102"}, {"companyId", no_site}});

  e.fake().on("GET", "/hunter/domain-search",
              canned(200, R"({"data":{"domain":"acme.com","emails":[]}})"));
  auto r = e.post("/api/contacts/" + contact + "/find-direct-email");
  CHECK(r.status == 200);
  CHECK(r.data() == json::value{{"found", false},
                                {"email", nullptr},
                                {"confidence", nullptr},
                                {"contact", nullptr},
                                {"contactCreated", false}});

  r = e.post("/api/contacts/" + loose + "/find-direct-email");
  CHECK(r.status == 400);
  CHECK(r.error() == "the contact has no company to search");
  r = e.post("/api/contacts/" + plain + "/find-direct-email");
  CHECK(r.status == 400);
  CHECK(r.error() == "the contact's company has no website to search");

  e.fake().on(
      "GET", "/hunter/domain-search",
      canned(
          401,
          R"({"errors":[{"id":"authentication_failed","code":401,"details":"No user found for the API key supplied"}]})"));
  r = e.post("/api/contacts/" + contact + "/find-direct-email");
  CHECK(r.status == 502);
  CHECK(r.error() == "Hunter: No user found for the API key supplied (HTTP 401)");
  CHECK(e.activities("owner_email_discovered") == 0);
  CHECK(e.f.sql("SELECT email FROM contacts WHERE id = ?", contact).first().is_null("email"));
}

// ---- find-direct-mobile (Prospeo) ----

TEST_CASE("find-direct-mobile: the found mobile becomes the contact's verified SMS phone") {
  Enrichment e;
  const auto company = e.company({{"name", "Acme"}, {"website", "acme.com"}});
  const auto contact = e.contact({{"firstName", "Jo"},
                                  {"lastName", "Ng"},
                                  {"email", "jo@acme.com"},
                                  {"phone", "512-555-0100"},
                                  {"companyId", company}});
  e.fake().on("POST", "/prospeo/enrich-person", canned(200, R"({"error":false,"person":{"mobile":
      {"status":"VERIFIED","revealed":true,"mobile":"+1 415-555-0132"}}})"));
  const auto r = e.post("/api/contacts/" + contact + "/find-direct-mobile");
  REQUIRE(r.status == 200);
  CHECK(r.data().at("found") == true);
  CHECK(r.data().at("phone") == "+14155550132");
  const auto& c = r.data().at("contact").as_object();
  CHECK(c.at("phoneE164") == "+14155550132");
  CHECK(c.at("phoneType") == "MOBILE");
  CHECK(c.at("isSmsEligible") == true);
  CHECK(c.at("phoneVerifiedAt") == json::value(format_iso(kStartTime)));
  const auto req = e.fake().last_request();
  CHECK(req.header("X-KEY") == "key-prospeo");
  CHECK(json::parse(req.body).at("data").at("company_website") == "acme.com");
  const auto act = e.f.sql("SELECT data FROM activities WHERE type = 'owner_mobile_discovered'");
  REQUIRE(act.rows.size() == 1);
  CHECK(json::parse(act.first().text("data")).at("previousPhone") == "+15125550100");
}

TEST_CASE("find-direct-mobile: no match, no name, garbage and timeouts") {
  Enrichment e;
  const auto company = e.company({{"name", "Acme"}, {"website", "acme.com"}});
  const auto contact = e.contact(
      {{"firstName", "Jo"}, {"lastName", "Ng"}, {"phone", "512-555-0100"}, {"companyId", company}});
  const auto nameless = e.contact({{"phone", "512-555-0101"}, {"companyId", company}});

  e.fake().on("POST", "/prospeo/enrich-person",
              canned(400, R"({"error":true,"error_code":"NO_MATCH"})"));
  auto r = e.post("/api/contacts/" + contact + "/find-direct-mobile");
  CHECK(r.status == 200);
  CHECK(r.data().at("found") == false);

  r = e.post("/api/contacts/" + nameless + "/find-direct-mobile");
  CHECK(r.status == 400);
  CHECK(r.error() == "the contact needs a name and a company to search for a mobile number");

  e.fake().on("POST", "/prospeo/enrich-person",
              canned(200, R"({"error":false,"person":{"mobile":{"mobile":"12"}}})"));
  r = e.post("/api/contacts/" + contact + "/find-direct-mobile");
  CHECK(r.status == 502);
  CHECK(r.error() == "Prospeo: returned an invalid phone number");

  CannedResponse slow = canned(200, "{}");
  slow.delay = std::chrono::milliseconds(5000);
  e.fake().on("POST", "/prospeo/enrich-person", slow);
  r = e.post("/api/contacts/" + contact + "/find-direct-mobile");
  CHECK(r.status == 502);
  CHECK(r.error().starts_with("Prospeo: 127.0.0.1:"));
  CHECK(r.error().ends_with("timed out after 2000 ms"));
  CHECK(e.activities("owner_mobile_discovered") == 0);
  CHECK(
      e.f.sql("SELECT phone_type FROM contacts WHERE id = ?", contact).first().text("phone_type") ==
      "UNKNOWN");
}

// ---- verify-email (Reoon) ----

TEST_CASE("verify-email: the status and time are stored, the fit score follows") {
  Enrichment e;
  const auto contact = e.contact({{"email", "Jo@Acme.com"}});
  REQUIRE(e.f.call("POST", "/api/leads", e.token, json::value{{"contactId", contact}}).status ==
          201);
  e.fake().on("GET", "/reoon/api/v1/verify",
              canned(200, R"({"email":"Jo@Acme.com","status":"safe","overall_score":97})"));
  const auto r = e.post("/api/contacts/" + contact + "/verify-email");
  REQUIRE(r.status == 200);
  CHECK(r.data().at("emailStatus") == "VALID");
  CHECK(r.data().at("providerStatus") == "safe");
  CHECK(r.data().at("score") == 97);
  CHECK(r.data().at("contact").at("emailStatus") == "VALID");
  CHECK(r.data().at("contact").at("emailVerifiedAt") == json::value(format_iso(kStartTime)));
  CHECK(e.fake().last_request().query_param("email") == "Jo@Acme.com");
  CHECK(e.fake().last_request().query_param("key") == "key-reoon");
  CHECK(e.activities("contact_email_verified") == 1);
  // A verified email adds to the fit of the contact's lead (DOMAIN §6).
  CHECK(e.f.sql("SELECT fit FROM lead_scores").first().integer("fit") == 15);

  e.fake().on("GET", "/reoon/api/v1/verify", canned(200, R"({"status":"catch_all"})"));
  CHECK(e.post("/api/contacts/" + contact + "/verify-email").data().at("emailStatus") ==
        "CATCH_ALL");
}

TEST_CASE("verify-email: no email is a 400; garbage is a 502 that writes nothing") {
  Enrichment e;
  const auto phone_only = e.contact({{"phone", "512-555-0100"}});
  const auto contact = e.contact({{"email", "jo@acme.com"}});
  auto r = e.post("/api/contacts/" + phone_only + "/verify-email");
  CHECK(r.status == 400);
  CHECK(r.error() == "the contact has no email to verify");
  e.fake().on("GET", "/reoon/api/v1/verify", canned(200, "<!doctype html>"));
  r = e.post("/api/contacts/" + contact + "/verify-email");
  CHECK(r.status == 502);
  CHECK(r.error() == "Reoon: response is not valid JSON");
  e.fake().on("GET", "/reoon/api/v1/verify",
              canned(500, R"({"status":"error","reason":"Server busy"})"));
  r = e.post("/api/contacts/" + contact + "/verify-email");
  CHECK(r.status == 502);
  CHECK(r.error() == "Reoon: Server busy (HTTP 500)");
  CHECK(e.activities("contact_email_verified") == 0);
  CHECK(e.f.sql("SELECT email_verified_at FROM contacts WHERE id = ?", contact)
            .first()
            .is_null("email_verified_at"));
}

// ---- verify-phone (Trestle) ----

TEST_CASE("verify-phone: line type, SMS eligibility and time are stored") {
  Enrichment e;
  const auto contact = e.contact({{"phone", "(512) 555-0100"}, {"isSmsEligible", true}});
  e.fake().on(
      "GET", "/trestle/3.0/phone_intel",
      canned(
          200,
          R"({"is_valid":true,"line_type":"Landline","activity_score":80,"carrier":"AT&T","error":null})"));
  auto r = e.post("/api/contacts/" + contact + "/verify-phone");
  REQUIRE(r.status == 200);
  CHECK(r.data().at("isValid") == true);
  CHECK(r.data().at("phoneType") == "LANDLINE");
  CHECK(r.data().at("lineType") == "Landline");
  CHECK(r.data().at("carrier") == "AT&T");
  CHECK(r.data().at("contact").at("isSmsEligible") == false);
  CHECK(r.data().at("contact").at("phoneVerifiedAt") == json::value(format_iso(kStartTime)));
  const auto req = e.fake().last_request();
  CHECK(req.query_param("phone") == "+15125550100");
  CHECK(req.header("x-api-key") == "key-trestle");

  e.fake().on("GET", "/trestle/3.0/phone_intel",
              canned(200, R"({"is_valid":true,"line_type":"Mobile","error":null})"));
  r = e.post("/api/contacts/" + contact + "/verify-phone");
  CHECK(r.data().at("contact").at("phoneType") == "MOBILE");
  CHECK(r.data().at("contact").at("isSmsEligible") == true);
  CHECK(e.activities("contact_phone_verified") == 2);
}

TEST_CASE("verify-phone: no phone is a 400; provider errors are 502s that write nothing") {
  Enrichment e;
  const auto email_only = e.contact({{"email", "jo@acme.com"}});
  const auto contact = e.contact({{"phone", "512-555-0100"}});
  auto r = e.post("/api/contacts/" + email_only + "/verify-phone");
  CHECK(r.status == 400);
  CHECK(r.error() == "the contact has no phone to verify");
  e.fake().on("GET", "/trestle/3.0/phone_intel",
              canned(403, R"({"error":{"name":"Forbidden","message":"Invalid API key"}})"));
  r = e.post("/api/contacts/" + contact + "/verify-phone");
  CHECK(r.status == 502);
  CHECK(r.error() == "Trestle: Invalid API key (HTTP 403)");
  CHECK(e.activities("contact_phone_verified") == 0);
  CHECK(e.f.sql("SELECT phone_verified_at FROM contacts WHERE id = ?", contact)
            .first()
            .is_null("phone_verified_at"));
}

// ---- company enrich (Brave + Google Places) ----

TEST_CASE("enrich: Brave and Places fill blanks, refresh the rating and fetch the photo once") {
  Enrichment e;
  const auto company = e.company({{"name", "Acme Diner"}});
  REQUIRE(e.f.call("POST", "/api/companies/" + company + "/addresses", e.token,
                   json::value{{"type", "BOTH"},
                               {"addressLine1", "1 Main St"},
                               {"city", "Austin"},
                               {"state", "TX"},
                               {"zip", "78701"}})
              .status == 201);
  e.fake().on("GET", "/brave/web/search", canned(200, R"({"web":{"results":[{"title":"Acme Diner",
      "url":"https://acmediner.com/","description":"Breakfast all day"}]}})"));
  serve_places(e.fake(), kPlace);

  const auto r = e.post("/api/companies/" + company + "/enrich");
  REQUIRE(r.status == 200);
  const auto& c = r.data().at("company").as_object();
  CHECK(c.at("website") == "https://acmediner.com");  // Brave's answer wins over Places'
  CHECK(c.at("description") == "Breakfast all day");
  CHECK(c.at("phone") == "(512) 555-0100");
  CHECK(c.at("googleRating") == 4.4);
  CHECK(c.at("googleReviewCount") == 87);
  CHECK(c.at("mapsUrl") == "https://maps.google.com/?cid=77");
  CHECK(c.at("heroPhotoUrl") == json::value("/api/lead-photos/" + company + ".jpg"));
  CHECK(r.data().at("providers") == json::array{"brave", "google_places"});
  CHECK(r.data().at("updated") == json::array{"website", "description", "phone", "mapsUrl",
                                              "googleRating", "googleReviewCount", "heroPhotoUrl"});
  CHECK(e.f.sql("SELECT google_place_id, website_domain FROM companies")
            .first()
            .text("google_place_id") == "P1");
  CHECK(e.f.sql("SELECT website_domain FROM companies").first().text("website_domain") ==
        "acmediner.com");
  CHECK(e.activities("company_enrich") == 1);

  // What the providers were asked.
  const auto requests = e.fake().requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].header("X-Subscription-Token") == "key-brave");
  CHECK(requests[0].query_param("q") == "Acme Diner Austin TX");
  CHECK(requests[1].header("X-Goog-Api-Key") == "key-places");
  CHECK(json::parse(requests[1].body).at("textQuery") == "Acme Diner, Austin, TX, 78701");
  CHECK(requests[2].query_param("key") == "key-places");

  // The photo is on disk and served.
  const auto photo = send_raw(e.f, "GET", "/api/lead-photos/" + company + ".jpg", e.token, "", "");
  CHECK(photo.status == 200);
  CHECK(photo.raw.body == kJpeg);

  // Again: the rating moves, the place is looked up by id, the photo is not fetched again.
  e.fake().on("GET", "/places/v1/places/P1",
              canned(200, R"({"id":"P1","rating":4.5,"userRatingCount":90,
      "photos":[{"name":"places/P1/photos/R1"}]})"));
  const auto again = e.post("/api/companies/" + company + "/enrich");
  REQUIRE(again.status == 200);
  CHECK(again.data().at("updated") == json::array{"googleRating", "googleReviewCount"});
  CHECK(again.data().at("company").at("website") == "https://acmediner.com");
  CHECK(requests_to(e.fake(), "/places/v1/places/P1/photos/R1/media") == 1);
  CHECK(requests_to(e.fake(), "/img/r1") == 1);
  CHECK(e.activities("company_enrich") == 2);
}

TEST_CASE("enrich: a failing provider writes nothing, not even the photo") {
  Enrichment e;
  const auto company = e.company({{"name", "Acme Diner"}, {"website", "mine.com"}});
  e.fake().on("GET", "/brave/web/search", canned(200, R"({"web":{"results":[]}})"));
  e.fake().on(
      "POST", "/places/v1/places:searchText",
      canned(200,
             R"({"places":[{"id":"P1","rating":4.0,"photos":[{"name":"places/P1/photos/R1"}]}]})"));
  e.fake().on("GET", "/places/v1/places/P1/photos/R1/media",
              canned(403, R"({"error":{"message":"API key not valid"}})"));
  auto r = e.post("/api/companies/" + company + "/enrich");
  CHECK(r.status == 502);
  CHECK(r.error() == "Google Places: API key not valid (HTTP 403)");

  serve_places(e.fake(), kPlace);
  e.fake().on("GET", "/brave/web/search",
              canned(429, R"({"error":{"code":"RATE_LIMITED","detail":"Too many requests"}})"));
  r = e.post("/api/companies/" + company + "/enrich");
  CHECK(r.status == 502);
  CHECK(r.error() == "Brave: Too many requests (HTTP 429)");

  CHECK(e.activities("company_enrich") == 0);
  const auto row = e.f.sql("SELECT website, google_rating, hero_photo_url FROM companies").first();
  CHECK(row.text("website") == "https://mine.com");  // as stored at creation: unchanged
  CHECK(row.is_null("google_rating"));
  CHECK(row.is_null("hero_photo_url"));
  CHECK_FALSE(std::filesystem::exists(e.data.path / "lead-photos" / (company + ".jpg")));
}

TEST_CASE("enrich: a photo that is not a JPEG is refused") {
  Enrichment e;
  const auto company = e.company({{"name", "Acme Diner"}});
  e.fake().on("GET", "/brave/web/search", canned(200, R"({})"));
  serve_places(e.fake(), kPlace);
  e.fake().on("GET", "/img/r1", canned(200, "<html>not an image</html>"));
  const auto r = e.post("/api/companies/" + company + "/enrich");
  CHECK(r.status == 502);
  CHECK(r.error() == "Google Places: the photo is not a JPEG");
  CHECK_FALSE(std::filesystem::exists(e.data.path / "lead-photos" / (company + ".jpg")));
}
