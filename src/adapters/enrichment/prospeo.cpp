#include "adapters/enrichment/prospeo.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace crm::providers {
namespace {
namespace json = boost::json;

class Prospeo final : public MobileFinder {
 public:
  Prospeo(std::shared_ptr<http::Client> client, wire::Endpoint endpoint)
      : provider_("Prospeo", std::move(client), std::move(endpoint)) {}

  std::optional<FoundMobile> find_mobile(const PersonQuery& q) override {
    json::object data;
    if (!q.first_name.empty() && !q.last_name.empty()) {
      data["first_name"] = q.first_name;
      data["last_name"] = q.last_name;
    } else {
      data["full_name"] = q.full_name;
    }
    if (q.domain)
      data["company_website"] = *q.domain;
    else if (q.company_name)
      data["company_name"] = *q.company_name;
    const json::object body{{"only_verified_email", false},
                            {"enrich_mobile", true},
                            {"only_verified_mobile", false},
                            {"data", std::move(data)}};
    http::Request request = wire::request("POST", provider_.url("/enrich-person"));
    request.headers = {{"X-KEY", provider_.endpoint().api_key},
                       {"Content-Type", "application/json"},
                       {"Accept", "application/json"}};
    request.body = json::serialize(body);
    const http::Response response = provider_.send(std::move(request));

    if (!response.ok()) {
      if (response.status == 400 && is_no_match(response)) return std::nullopt;
      provider_.fail_status(response);
    }
    const json::value parsed = provider_.json_of(response);
    if (wire::bool_at(parsed, "error").value_or(false)) {
      if (is_no_match(parsed)) return std::nullopt;
      provider_.fail(wire::error_message(parsed).value_or("the request failed"));
    }
    // The person is under "person"; some answers put it under "response".
    const json::value* person = wire::member(parsed, "person");
    if (!person || !person->is_object()) person = wire::member(parsed, "response");
    if (!person || !person->is_object()) provider_.fail("response has no person");
    const json::value* mobile = wire::member(*person, "mobile");
    if (!mobile) return std::nullopt;
    std::optional<std::string> number;
    if (mobile->is_string()) {
      number = std::string(mobile->get_string());
    } else if (mobile->is_object()) {
      if (!wire::bool_at(*mobile, "revealed").value_or(true)) return std::nullopt;  // masked
      number = wire::string_at(*mobile, "mobile");
      if (!number) number = wire::string_at(*mobile, "raw_format");
    }
    if (!number || number->empty()) return std::nullopt;
    return FoundMobile{*number};
  }

 private:
  bool is_no_match(const http::Response& response) const {
    boost::system::error_code ec;
    const json::value v = json::parse(response.body, ec);
    return !ec && is_no_match(v);
  }
  static bool is_no_match(const json::value& v) {
    const auto code = wire::string_at(v, "error_code");
    return code == "NO_MATCH" || code == "NO_RESULT";
  }

  wire::Provider provider_;
};

}  // namespace

std::shared_ptr<MobileFinder> make_prospeo(std::shared_ptr<http::Client> client,
                                           wire::Endpoint endpoint) {
  return std::make_shared<Prospeo>(std::move(client), std::move(endpoint));
}

}  // namespace crm::providers
