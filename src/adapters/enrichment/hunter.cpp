#include "adapters/enrichment/hunter.hpp"

#include <algorithm>

#include "core/util/text.hpp"

namespace crm::providers {
namespace {
namespace json = boost::json;

// Domain search ranks people: executives first, then titles that usually own a small business,
// then Hunter's confidence.
int seniority_rank(const json::value& person) {
  int rank = 0;
  const auto seniority = wire::string_at(person, "seniority").value_or("");
  if (seniority == "executive") rank += 200;
  if (seniority == "senior") rank += 100;
  const std::string position = text::lower(wire::string_at(person, "position").value_or(""));
  for (const char* title : {"owner", "founder", "ceo", "president", "principal", "proprietor"})
    if (position.find(title) != std::string::npos) {
      rank += 300;
      break;
    }
  return rank + static_cast<int>(wire::integer_at(person, "confidence").value_or(0));
}

class Hunter final : public EmailFinder {
 public:
  Hunter(std::shared_ptr<http::Client> client, wire::Endpoint endpoint)
      : provider_("Hunter", std::move(client), std::move(endpoint)) {}

  std::optional<FoundEmail> find_email(const PersonQuery& q) override {
    const std::string domain = q.domain.value_or("");
    const std::string& key = provider_.endpoint().api_key;
    const bool named = (!q.first_name.empty() && !q.last_name.empty()) || !q.full_name.empty();
    if (named) {
      const bool split = !q.first_name.empty() && !q.last_name.empty();
      const auto response = provider_.send(wire::request(
          "GET",
          provider_.url("/email-finder",
                        wire::query({{"domain", domain},
                                     {"company", domain.empty() ? q.company_name.value_or("") : ""},
                                     {"first_name", split ? q.first_name : ""},
                                     {"last_name", split ? q.last_name : ""},
                                     {"full_name", split ? "" : q.full_name},
                                     {"api_key", key}}))));
      const json::value body = provider_.json_of(response);
      const json::value* data = wire::member(body, "data");
      if (!data || !data->is_object()) provider_.fail("response has no data");
      auto email = wire::string_at(*data, "email");
      if (!email || email->empty()) return std::nullopt;
      return FoundEmail{*email, wire::string_at(*data, "first_name"),
                        wire::string_at(*data, "last_name"), wire::string_at(*data, "position"),
                        to_int(wire::integer_at(*data, "score"))};
    }
    const auto response = provider_.send(
        wire::request("GET", provider_.url("/domain-search", wire::query({{"domain", domain},
                                                                          {"type", "personal"},
                                                                          {"limit", "10"},
                                                                          {"api_key", key}}))));
    const json::value body = provider_.json_of(response);
    const json::value* data = wire::member(body, "data");
    if (!data || !data->is_object()) provider_.fail("response has no data");
    const json::value* emails = wire::member(*data, "emails");
    if (!emails || !emails->is_array()) return std::nullopt;
    const json::value* best = nullptr;
    for (const json::value& person : emails->get_array()) {
      const auto value = wire::string_at(person, "value");
      if (!value || value->empty()) continue;
      if (!best || seniority_rank(person) > seniority_rank(*best)) best = &person;
    }
    if (!best) return std::nullopt;
    return FoundEmail{*wire::string_at(*best, "value"), wire::string_at(*best, "first_name"),
                      wire::string_at(*best, "last_name"), wire::string_at(*best, "position"),
                      to_int(wire::integer_at(*best, "confidence"))};
  }

 private:
  static std::optional<int> to_int(std::optional<std::int64_t> v) {
    if (!v) return std::nullopt;
    return static_cast<int>(std::clamp<std::int64_t>(*v, 0, 100));
  }

  wire::Provider provider_;
};

}  // namespace

std::shared_ptr<EmailFinder> make_hunter(std::shared_ptr<http::Client> client,
                                         wire::Endpoint endpoint) {
  return std::make_shared<Hunter>(std::move(client), std::move(endpoint));
}

}  // namespace crm::providers
