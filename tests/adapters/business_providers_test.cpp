// Brave Search, Google Places and the OpenAI-compatible chat adapter against the fake provider.
#include <boost/json.hpp>

#include <map>

#include "adapters/ai/openai_chat.hpp"
#include "adapters/enrichment/brave.hpp"
#include "adapters/enrichment/google_places.hpp"
#include "adapters/enrichment/providers_from_env.hpp"
#include "provider_kit.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

providers::BusinessQuery acme() {
  providers::BusinessQuery q;
  q.name = "Acme Diner";
  q.city = "Austin";
  q.state = "TX";
  q.zip = "78701";
  return q;
}

}  // namespace

// ---- Brave ----

TEST_CASE("brave: web search with the key in X-Subscription-Token; directories are passed over") {
  ProviderFixture p;
  p.fake.on("GET", "/res/v1/web/search", json_response(200, R"({"type":"search","web":{"results":[
      {"title":"Acme Diner - Yelp","url":"https://www.yelp.com/biz/acme-diner","description":"reviews"},
      {"title":"Best diners in Austin","url":"https://news.example.org/diners","description":"list"},
      {"title":"Acme Diner opens downtown","url":"https://news.example.org/acme","description":"news"},
      {"title":"Acme Diner | Home","url":"https://www.acmediner.com/about","description":"The <strong>best</strong> pancakes &amp; coffee"}]}})"));
  const auto found =
      providers::make_brave(p.client, p.endpoint("/res/v1"))->search_business(acme());
  REQUIRE(found);
  CHECK(found->website == "https://www.acmediner.com");
  CHECK(found->description == "The best pancakes & coffee");
  const auto req = p.fake.last_request();
  CHECK(req.path == "/res/v1/web/search");
  CHECK(req.header("X-Subscription-Token") == kTestKey);
  CHECK(req.header("Accept") == "application/json");
  CHECK(req.query_param("q") == "Acme Diner Austin TX");
  CHECK_FALSE(req.query_param("key"));
}

TEST_CASE("brave: no result on a site of the business's own is nothing found") {
  ProviderFixture p;
  p.fake.on("GET", "/web/search", json_response(200, R"({"web":{"results":[
      {"title":"Acme Diner","url":"https://facebook.com/acmediner"},
      {"title":"Something else","url":"https://other.example.com"}]}})"));
  CHECK_FALSE(providers::make_brave(p.client, p.endpoint())->search_business(acme()));
  p.fake.on("GET", "/web/search", json_response(200, R"({"type":"search"})"));
  CHECK_FALSE(providers::make_brave(p.client, p.endpoint())->search_business(acme()));
}

TEST_CASE("brave: errors carry Brave's message") {
  ProviderFixture p;
  auto brave = providers::make_brave(p.client, p.endpoint());
  p.fake.on(
      "GET", "/web/search",
      json_response(401, R"({"type":"ErrorResponse","error":{"code":"SUBSCRIPTION_TOKEN_INVALID",
      "detail":"The provided subscription token is invalid."}})"));
  CHECK(upstream_error([&] { brave->search_business(acme()); }) ==
        "Brave: The provided subscription token is invalid. (HTTP 401)");
  p.fake.on("GET", "/web/search", json_response(500, ""));
  CHECK(upstream_error([&] { brave->search_business(acme()); }) == "Brave: HTTP 500");
  p.fake.on("GET", "/web/search", json_response(200, "{"));
  CHECK(upstream_error([&] { brave->search_business(acme()); }) ==
        "Brave: response is not valid JSON");
  brave = providers::make_brave(p.client, p.short_endpoint());  // a short timeout for this one call
  p.fake.on("GET", "/web/search", slow_response());
  CHECK(
      upstream_error([&] { brave->search_business(acme()); }).ends_with("timed out after 300 ms"));
}

// ---- Google Places ----

TEST_CASE("places: text search with the key and field mask in headers") {
  ProviderFixture p;
  p.fake.on("POST", "/v1/places:searchText", json_response(200, R"({"places":[{"id":"ChIJ123",
      "displayName":{"text":"Acme Diner","languageCode":"en"},"formattedAddress":"1 Main St, Austin, TX",
      "rating":4.6,"userRatingCount":123,"googleMapsUri":"https://maps.google.com/?cid=9",
      "websiteUri":"https://acmediner.com","nationalPhoneNumber":"(512) 555-0100",
      "photos":[{"name":"places/ChIJ123/photos/AUc1","widthPx":4032,"heightPx":3024}]}]})"));
  const auto place = providers::make_google_places(p.client, p.endpoint())->find_place(acme());
  REQUIRE(place);
  CHECK(place->id == "ChIJ123");
  CHECK(place->name == "Acme Diner");
  CHECK(place->rating == doctest::Approx(4.6));
  CHECK(place->review_count == 123);
  CHECK(place->maps_url == "https://maps.google.com/?cid=9");
  CHECK(place->website == "https://acmediner.com");
  CHECK(place->phone == "(512) 555-0100");
  CHECK(place->photo_names == std::vector<std::string>{"places/ChIJ123/photos/AUc1"});
  const auto req = p.fake.last_request();
  CHECK(req.header("X-Goog-Api-Key") == kTestKey);
  CHECK(req.header("X-Goog-FieldMask")->find("places.photos") != std::string::npos);
  const auto body = json::parse(req.body);
  CHECK(body.at("textQuery") == "Acme Diner, Austin, TX, 78701");
  CHECK(body.at("regionCode") == "US");
}

TEST_CASE("places: details by place id; a stale id falls back to text search") {
  ProviderFixture p;
  p.fake.on("GET", "/v1/places/ChIJknown",
            json_response(200, R"({"id":"ChIJknown","rating":4.1,"userRatingCount":7})"));
  auto places = providers::make_google_places(p.client, p.endpoint());
  auto q = acme();
  q.place_id = "ChIJknown";
  const auto place = places->find_place(q);
  REQUIRE(place);
  CHECK(place->review_count == 7);
  const auto req = p.fake.last_request();
  CHECK(req.method == "GET");
  CHECK(req.header("X-Goog-FieldMask")->starts_with("id,displayName"));

  p.fake.on(
      "GET", "/v1/places/ChIJgone",
      json_response(404, R"({"error":{"code":404,"message":"Not found","status":"NOT_FOUND"}})"));
  p.fake.on("POST", "/v1/places:searchText", json_response(200, R"({})"));
  q.place_id = "ChIJgone";
  CHECK_FALSE(places->find_place(q));
  CHECK(p.fake.last_request().path == "/v1/places:searchText");
}

TEST_CASE("places: a photo is fetched through its media URI") {
  ProviderFixture p;
  p.fake.on("GET", "/v1/places/ChIJ1/photos/AUc1/media",
            json_response(200, R"({"name":"places/ChIJ1/photos/AUc1/media","photoUri":")" +
                                   p.fake.base_url() + R"(/photo-bytes"})"));
  CannedResponse jpeg;
  jpeg.body = "\xFF\xD8\xFF\xE0 jpeg";
  jpeg.headers = {{"Content-Type", "image/jpeg"}};
  p.fake.on("GET", "/photo-bytes", jpeg);
  auto places = providers::make_google_places(p.client, p.endpoint());
  CHECK(places->fetch_photo("places/ChIJ1/photos/AUc1", 800) == jpeg.body);
  const auto requests = p.fake.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].query_param("key") == kTestKey);
  CHECK(requests[0].query_param("maxWidthPx") == "800");
  CHECK(requests[0].query_param("skipHttpRedirect") == "true");
  CHECK_FALSE(requests[1].query_param("key"));  // the short-lived URI needs no key

  CHECK(upstream_error([&] { places->fetch_photo("../../etc/passwd", 800); }) ==
        "Google Places: unexpected photo name");
}

TEST_CASE("places: errors carry Google's message") {
  ProviderFixture p;
  auto places = providers::make_google_places(p.client, p.endpoint());
  p.fake.on("POST", "/v1/places:searchText", json_response(400, R"({"error":{"code":400,
      "message":"FieldMask is a required parameter.","status":"INVALID_ARGUMENT"}})"));
  CHECK(upstream_error([&] { places->find_place(acme()); }) ==
        "Google Places: FieldMask is a required parameter. (HTTP 400)");
  p.fake.on("POST", "/v1/places:searchText",
            json_response(503, R"({"error":{"message":"Backend unavailable"}})"));
  CHECK(upstream_error([&] { places->find_place(acme()); }) ==
        "Google Places: Backend unavailable (HTTP 503)");
  p.fake.on("POST", "/v1/places:searchText", json_response(200, "]"));
  CHECK(upstream_error([&] { places->find_place(acme()); }) ==
        "Google Places: response is not valid JSON");
  p.fake.on("POST", "/v1/places:searchText", json_response(200, R"({"places":[{"rating":5}]})"));
  CHECK(upstream_error([&] { places->find_place(acme()); }) == "Google Places: place has no id");
  places = providers::make_google_places(p.client,
                                         p.short_endpoint());  // a short timeout for this one call
  p.fake.on("POST", "/v1/places:searchText", slow_response());
  CHECK(upstream_error([&] { places->find_place(acme()); }).ends_with("timed out after 300 ms"));
}

// ---- OpenAI-compatible chat ----

TEST_CASE("ai: chat completions with a Bearer key, the model and the messages") {
  ProviderFixture p;
  p.fake.on("POST", "/v1/chat/completions",
            json_response(200, R"({"id":"chatcmpl-1","object":"chat.completion",
      "created":1700000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"Hello Jane"},
      "finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})"));
  providers::ChatSettings settings;
  settings.model = "local-model";
  auto chat = providers::make_openai_chat(p.client, p.endpoint("/v1"), settings);
  CHECK(chat->complete({{"system", "be brief"}, {"user", "hi"}}) == "Hello Jane");
  const auto req = p.fake.last_request();
  CHECK(req.path == "/v1/chat/completions");
  CHECK(req.header("Authorization") == std::string("Bearer ") + kTestKey);
  const auto body = json::parse(req.body);
  CHECK(body.at("model") == "local-model");
  CHECK(body.at("messages").as_array().size() == 2);
  CHECK(body.at("messages").at(0).at("role") == "system");
  CHECK(body.at("messages").at(1).at("content") == "hi");
  CHECK(body.at("max_tokens").is_int64());
}

TEST_CASE("ai: content given as parts is joined") {
  ProviderFixture p;
  p.fake.on("POST", "/chat/completions",
            json_response(200, R"({"choices":[{"message":{"role":"assistant",
      "content":[{"type":"text","text":"Hello "},{"type":"text","text":"there"}]}}]})"));
  CHECK(providers::make_openai_chat(p.client, p.endpoint())->complete({{"user", "hi"}}) ==
        "Hello there");
}

TEST_CASE("ai: errors carry the provider's message") {
  ProviderFixture p;
  auto chat = providers::make_openai_chat(p.client, p.endpoint());
  p.fake.on("POST", "/chat/completions",
            json_response(401, R"({"error":{"message":"Incorrect API key provided",
      "type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"));
  CHECK(upstream_error([&] {
          chat->complete({{"user", "hi"}});
        }) == "AI: Incorrect API key provided (HTTP 401)");
  p.fake.on("POST", "/chat/completions",
            json_response(500, R"({"error":{"message":"The server had an error"}})"));
  CHECK(upstream_error([&] {
          chat->complete({{"user", "hi"}});
        }) == "AI: The server had an error (HTTP 500)");
  p.fake.on("POST", "/chat/completions", json_response(200, "data: [DONE]"));
  CHECK(upstream_error([&] {
          chat->complete({{"user", "hi"}});
        }) == "AI: response is not valid JSON");
  p.fake.on("POST", "/chat/completions", json_response(200, R"({"choices":[]})"));
  CHECK(upstream_error([&] { chat->complete({{"user", "hi"}}); }) == "AI: response has no choices");
  chat = providers::make_openai_chat(p.client,
                                     p.short_endpoint());  // a short timeout for this one call
  p.fake.on("POST", "/chat/completions", slow_response());
  CHECK(upstream_error([&] {
          chat->complete({{"user", "hi"}});
        }).ends_with("timed out after 300 ms"));
}

// ---- wiring ----

TEST_CASE("providers from the environment: a key makes a provider, its base URL points it") {
  ProviderFixture p;
  p.fake.on("GET", "/custom/email-finder",
            json_response(200, R"({"data":{"email":"x@acme.com"}})"));
  std::map<std::string, std::string> env = {{"HUNTER_API_KEY", "hk"},
                                            {"HUNTER_API_BASE", p.fake.base_url() + "/custom/"},
                                            {"BRAVE_API_KEY", ""},
                                            {"AI_API_KEY", "ak"}};
  const auto lookup = [&](std::string_view name) -> std::optional<std::string> {
    const auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  const auto all = providers::from_environment(p.client, lookup);
  REQUIRE(all.email_finder);
  CHECK_FALSE(all.mobile_finder);
  CHECK_FALSE(all.email_verifier);
  CHECK_FALSE(all.phone_verifier);
  CHECK_FALSE(all.business_search);  // an empty key is no key
  CHECK_FALSE(all.places);
  CHECK(all.chat);
  CHECK(all.email_finder->find_email({"A", "B", "A B", std::string("acme.com"), std::nullopt})
            ->email == "x@acme.com");
  CHECK(p.fake.last_request().query_param("api_key") == "hk");
}
