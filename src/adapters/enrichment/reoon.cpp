#include "adapters/enrichment/reoon.hpp"

namespace crm::providers {
namespace {
namespace json = boost::json;

class Reoon final : public EmailVerifier {
 public:
  Reoon(std::shared_ptr<http::Client> client, wire::Endpoint endpoint, std::string mode)
      : provider_("Reoon", std::move(client), std::move(endpoint)), mode_(std::move(mode)) {}

  EmailCheck verify_email(std::string_view email) override {
    const auto response = provider_.send(wire::request(
        "GET", provider_.url("/api/v1/verify", wire::query({{"email", email},
                                                            {"key", provider_.endpoint().api_key},
                                                            {"mode", mode_}}))));
    const json::value body = provider_.json_of(response);
    const auto status = wire::string_at(body, "status");
    if (!status || status->empty()) provider_.fail("response has no status");
    if (*status == "error")
      provider_.fail(wire::error_message(body).value_or("the request failed"));
    std::optional<int> score;
    if (auto s = wire::integer_at(body, "overall_score")) score = static_cast<int>(*s);
    return EmailCheck{reoon_email_status(*status), *status, score};
  }

 private:
  wire::Provider provider_;
  std::string mode_;
};

}  // namespace

std::string reoon_email_status(std::string_view s) {
  if (s == "safe" || s == "valid") return "VALID";
  if (s == "invalid" || s == "disabled" || s == "spamtrap") return "INVALID";
  if (s == "catch_all") return "CATCH_ALL";
  if (s == "disposable" || s == "role_account" || s == "inbox_full") return "RISKY";
  return "UNKNOWN";
}

std::shared_ptr<EmailVerifier> make_reoon(std::shared_ptr<http::Client> client,
                                          wire::Endpoint endpoint, std::string mode) {
  return std::make_shared<Reoon>(std::move(client), std::move(endpoint), std::move(mode));
}

}  // namespace crm::providers
