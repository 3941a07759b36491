#include "adapters/enrichment/brave.hpp"

#include <vector>

#include "core/ingest/website.hpp"
#include "core/util/text.hpp"

namespace crm::providers {
namespace {
namespace json = boost::json;

// Result descriptions carry <strong> highlights and a few entities.
std::string plain_text(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (const char c : html) {
    if (c == '<')
      in_tag = true;
    else if (c == '>')
      in_tag = false;
    else if (!in_tag)
      out += c;
  }
  for (const auto& [entity, ch] : std::vector<std::pair<std::string, std::string>>{{"&amp;", "&"},
                                                                                   {"&quot;", "\""},
                                                                                   {"&#x27;", "'"},
                                                                                   {"&#39;", "'"},
                                                                                   {"&lt;", "<"},
                                                                                   {"&gt;", ">"}}) {
    for (auto pos = out.find(entity); pos != std::string::npos; pos = out.find(entity, pos))
      out.replace(pos, entity.size(), ch);
  }
  return text::trim(out);
}

// Only letters and digits, lower-cased ("Joe's Pizza & Grill" -> "joespizzagrill").
std::string squashed(std::string_view text) {
  std::string out;
  for (const char c : text::lower(text))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

// Whether a result is the business's own site: its host spells the whole name
// ("acme-diner.com" for "Acme Diner"), or its title names the business and its host carries a
// distinctive word of the name. A list of "best diners" on a news site is neither.
bool own_site(std::string_view name, std::string_view host, std::string_view title) {
  const std::string squashed_host = squashed(host);
  const std::string squashed_name = squashed(name);
  if (!squashed_name.empty() && squashed_host.find(squashed_name) != std::string::npos) return true;
  if (text::lower(title).find(text::lower(text::trim(name))) == std::string::npos) return false;
  std::string word;
  for (const char c : text::lower(name) + " ") {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else if (c != '\'') {
      if (word.size() >= 4 && squashed_host.find(word) != std::string::npos) return true;
      word.clear();
    }
  }
  return false;
}

class Brave final : public BusinessSearch {
 public:
  Brave(std::shared_ptr<http::Client> client, wire::Endpoint endpoint)
      : provider_("Brave", std::move(client), std::move(endpoint)) {}

  std::optional<WebPresence> search_business(const BusinessQuery& q) override {
    std::string terms = q.name;
    for (const auto& part : {q.city, q.state})
      if (part) terms += " " + *part;
    http::Request request = wire::request(
        "GET", provider_.url(
                   "/web/search",
                   wire::query(
                       {{"q", terms}, {"count", "10"}, {"country", "us"}, {"search_lang", "en"}})));
    request.headers = {{"X-Subscription-Token", provider_.endpoint().api_key},
                       {"Accept", "application/json"}};
    const json::value body = provider_.json_of(provider_.send(std::move(request)));
    if (!body.is_object()) provider_.fail("response is not an object");
    const json::value* web = wire::member(body, "web");
    const json::value* results = web ? wire::member(*web, "results") : nullptr;
    if (!results || !results->is_array()) return std::nullopt;

    for (const json::value& result : results->get_array()) {
      const auto url = wire::string_at(result, "url");
      if (!url) continue;
      const auto host = website::host(*url);
      if (!host || website::is_platform_host(*host)) continue;
      const auto title = wire::string_at(result, "title").value_or("");
      if (!own_site(q.name, *host, title)) continue;
      WebPresence found;
      found.website = (url->starts_with("http://") ? "http://" : "https://") + *host;
      if (auto description = wire::string_at(result, "description");
          description && !description->empty())
        found.description = plain_text(*description);
      return found;
    }
    return std::nullopt;
  }

 private:
  wire::Provider provider_;
};

}  // namespace

std::shared_ptr<BusinessSearch> make_brave(std::shared_ptr<http::Client> client,
                                           wire::Endpoint endpoint) {
  return std::make_shared<Brave>(std::move(client), std::move(endpoint));
}

}  // namespace crm::providers
