#include "adapters/enrichment/trestle.hpp"

namespace crm::providers {
namespace {
namespace json = boost::json;

class Trestle final : public PhoneVerifier {
 public:
  Trestle(std::shared_ptr<http::Client> client, wire::Endpoint endpoint)
      : provider_("Trestle", std::move(client), std::move(endpoint)) {}

  PhoneCheck verify_phone(std::string_view e164) override {
    http::Request request = wire::request(
        "GET", provider_.url("/3.0/phone_intel",
                             wire::query({{"phone", e164}, {"phone.country_hint", "US"}})));
    request.headers = {{"x-api-key", provider_.endpoint().api_key}, {"Accept", "application/json"}};
    const json::value body = provider_.json_of(provider_.send(std::move(request)));
    if (const json::value* error = wire::member(body, "error"); error && !error->is_null())
      provider_.fail(wire::error_message(body).value_or("the request failed"));
    const auto is_valid = wire::bool_at(body, "is_valid");
    if (!is_valid) provider_.fail("response has no is_valid");
    PhoneCheck check;
    check.is_valid = *is_valid;
    check.line_type = wire::string_at(body, "line_type").value_or("");
    check.phone_type = trestle_phone_type(check.line_type);
    if (auto score = wire::integer_at(body, "activity_score"))
      check.activity_score = static_cast<int>(*score);
    check.carrier = wire::string_at(body, "carrier");
    return check;
  }

 private:
  wire::Provider provider_;
};

}  // namespace

std::string trestle_phone_type(std::string_view t) {
  if (t == "Mobile") return "MOBILE";
  if (t == "Landline") return "LANDLINE";
  if (t == "FixedVOIP" || t == "NonFixedVOIP") return "VOIP";
  return "UNKNOWN";
}

std::shared_ptr<PhoneVerifier> make_trestle(std::shared_ptr<http::Client> client,
                                            wire::Endpoint endpoint) {
  return std::make_shared<Trestle>(std::move(client), std::move(endpoint));
}

}  // namespace crm::providers
