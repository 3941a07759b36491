#include "adapters/enrichment/google_places.hpp"

#include <boost/json/serialize.hpp>

namespace crm::providers {
namespace {
namespace json = boost::json;

constexpr const char* kDetailsMask =
    "id,displayName,formattedAddress,rating,userRatingCount,googleMapsUri,websiteUri,"
    "nationalPhoneNumber,photos";
constexpr const char* kSearchMask =
    "places.id,places.displayName,places.formattedAddress,places.rating,places.userRatingCount,"
    "places.googleMapsUri,places.websiteUri,places.nationalPhoneNumber,places.photos";

// A photo name is spliced into the URL path: only "places/<id>/photos/<ref>" of URL-safe
// characters is accepted.
bool safe_photo_name(std::string_view name) {
  if (!name.starts_with("places/") || name.find("..") != std::string_view::npos) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '/' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

class GooglePlaces final : public PlacesDirectory {
 public:
  GooglePlaces(std::shared_ptr<http::Client> client, wire::Endpoint endpoint)
      : provider_("Google Places", std::move(client), std::move(endpoint)) {}

  std::optional<Place> find_place(const BusinessQuery& q) override {
    if (q.place_id && !q.place_id->empty()) {
      http::Request request =
          wire::request("GET", provider_.url("/v1/places/" + wire::url_encode(*q.place_id)));
      request.headers = headers(kDetailsMask);
      const http::Response response = provider_.send(std::move(request));
      // A stale place id is no answer; the text search below may still find the business.
      if (response.status != 404) return to_place(provider_.json_of(response));
    }
    std::string text = q.name;
    for (const auto& part : {q.city, q.state, q.zip})
      if (part) text += ", " + *part;
    http::Request request = wire::request("POST", provider_.url("/v1/places:searchText"));
    request.headers = headers(kSearchMask);
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = json::serialize(json::object{
        {"textQuery", text}, {"pageSize", 5}, {"languageCode", "en"}, {"regionCode", "US"}});
    const json::value body = provider_.json_of(provider_.send(std::move(request)));
    if (!body.is_object()) provider_.fail("response is not an object");
    const json::value* places = wire::member(body, "places");
    if (!places || !places->is_array() || places->get_array().empty()) return std::nullopt;
    return to_place(places->get_array().front());
  }

  std::string fetch_photo(const std::string& photo_name, int max_width_px) override {
    if (!safe_photo_name(photo_name)) provider_.fail("unexpected photo name");
    const http::Response media = provider_.send(wire::request(
        "GET", provider_.url("/v1/" + photo_name + "/media",
                             wire::query({{"maxWidthPx", std::to_string(max_width_px)},
                                          {"key", provider_.endpoint().api_key},
                                          {"skipHttpRedirect", "true"}}))));
    const auto photo_uri = wire::string_at(provider_.json_of(media), "photoUri");
    if (!photo_uri || !(photo_uri->starts_with("https://") || photo_uri->starts_with("http://")))
      provider_.fail("photo response has no photoUri");
    http::Request download = wire::request("GET", *photo_uri);
    download.follow_redirects = true;
    const http::Response image = provider_.send(std::move(download));
    if (!image.ok()) provider_.fail_status(image);
    return image.body;
  }

 private:
  http::Headers headers(const char* mask) const {
    return {{"X-Goog-Api-Key", provider_.endpoint().api_key}, {"X-Goog-FieldMask", mask}};
  }

  Place to_place(const json::value& v) const {
    const auto id = wire::string_at(v, "id");
    if (!id) provider_.fail("place has no id");
    Place p;
    p.id = *id;
    if (const json::value* name = wire::member(v, "displayName"))
      p.name = wire::string_at(*name, "text");
    p.address = wire::string_at(v, "formattedAddress");
    p.website = wire::string_at(v, "websiteUri");
    p.phone = wire::string_at(v, "nationalPhoneNumber");
    p.maps_url = wire::string_at(v, "googleMapsUri");
    p.rating = wire::number_at(v, "rating");
    p.review_count = wire::integer_at(v, "userRatingCount");
    if (const json::value* photos = wire::member(v, "photos"); photos && photos->is_array())
      for (const json::value& photo : photos->get_array())
        if (auto name = wire::string_at(photo, "name")) p.photo_names.push_back(*name);
    return p;
  }

  wire::Provider provider_;
};

}  // namespace

std::shared_ptr<PlacesDirectory> make_google_places(std::shared_ptr<http::Client> client,
                                                    wire::Endpoint endpoint) {
  return std::make_shared<GooglePlaces>(std::move(client), std::move(endpoint));
}

}  // namespace crm::providers
