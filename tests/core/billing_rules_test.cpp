// The pure rules of invoicing: status machines, recipient resolution, agreement templates,
// payment tokens, settings secrecy (DOMAIN.md §11-§13).
#include <doctest/doctest.h>

#include <set>

#include "core/invoices/agreement.hpp"
#include "core/invoices/markdown.hpp"
#include "core/invoices/payment_token.hpp"
#include "core/invoices/recipient.hpp"
#include "core/invoices/status_machines.hpp"
#include "core/reference/settings_store.hpp"

using namespace crm;

namespace {

// Every (from, to) pair of a machine that it allows, as "FROM>TO" strings.
template <class S, std::size_t N>
std::set<std::string> allowed_pairs(const StateMachine<S>& m, const S (&all)[N]) {
  std::set<std::string> out;
  for (S from : all)
    for (S to : all)
      if (m.allows(from, to))
        out.insert(std::string(to_string(from)) + ">" + std::string(to_string(to)));
  return out;
}

constexpr InvoiceStatus kInvoiceStatuses[] = {InvoiceStatus::kDraft, InvoiceStatus::kSent,
                                              InvoiceStatus::kPartial, InvoiceStatus::kPaid,
                                              InvoiceStatus::kVoid};
constexpr OrderStatus kOrderStatuses[] = {OrderStatus::kPending, OrderStatus::kPicking,
                                          OrderStatus::kShipped, OrderStatus::kDelivered,
                                          OrderStatus::kCanceled};

}  // namespace

TEST_CASE("invoice machine: exactly the transitions of DOMAIN §11") {
  CHECK(allowed_pairs(machines::invoice(), kInvoiceStatuses) ==
        std::set<std::string>{"DRAFT>SENT", "DRAFT>VOID", "SENT>VOID", "PARTIAL>VOID",
                              "SENT>PARTIAL", "SENT>PAID", "PARTIAL>PARTIAL", "PARTIAL>PAID"});
  CHECK_THROWS_WITH_AS(machines::invoice().require(InvoiceStatus::kPaid, InvoiceStatus::kVoid),
                       "Invoice cannot go from PAID to VOID", Error);
  CHECK_NOTHROW(machines::invoice().require(InvoiceStatus::kDraft, InvoiceStatus::kSent));
  try {
    machines::invoice().require(InvoiceStatus::kVoid, InvoiceStatus::kSent);
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("order machine: PENDING -> PICKING -> SHIPPED -> DELIVERED, cancel before shipping") {
  CHECK(allowed_pairs(machines::order(), kOrderStatuses) ==
        std::set<std::string>{"PENDING>PICKING", "PICKING>PICKING", "PICKING>SHIPPED",
                              "SHIPPED>DELIVERED", "PENDING>CANCELED", "PICKING>CANCELED"});
  CHECK_THROWS_WITH_AS(machines::order().require(OrderStatus::kShipped, OrderStatus::kCanceled),
                       "Order cannot go from SHIPPED to CANCELED", Error);
}

TEST_CASE("device machine") {
  CHECK(allowed_pairs(machines::device(), kAllDeviceStatuses) ==
        std::set<std::string>{"IN_STOCK>ASSIGNED", "ASSIGNED>IN_STOCK", "ASSIGNED>SHIPPED",
                              "SHIPPED>ACTIVE", "SHIPPED>RETURNED", "ACTIVE>RETURNED",
                              "RETURNED>IN_STOCK", "IN_STOCK>RETIRED", "RETURNED>RETIRED"});
  for (DeviceStatus to : kAllDeviceStatuses)
    CHECK_FALSE(machines::device().allows(DeviceStatus::kRetired, to));  // final
}

TEST_CASE("SIM machine") {
  CHECK(allowed_pairs(machines::sim(), kAllSimStatuses) ==
        std::set<std::string>{"AVAILABLE>ASSIGNED", "ASSIGNED>AVAILABLE", "ASSIGNED>ACTIVE",
                              "ACTIVE>SUSPENDED", "SUSPENDED>ACTIVE", "AVAILABLE>DEACTIVATED",
                              "ASSIGNED>DEACTIVATED", "ACTIVE>DEACTIVATED",
                              "SUSPENDED>DEACTIVATED"});
  for (SimStatus to : kAllSimStatuses)
    CHECK_FALSE(machines::sim().allows(SimStatus::kDeactivated, to));  // final
}

TEST_CASE("recipient: requested address must belong to the lead or company") {
  recipient::Candidates c;
  c.lead_contact_email = "Lead@Example.com";
  c.company_contact_emails = {"primary@example.com", "billing@example.com"};
  c.primary_contact_email = "primary@example.com";
  CHECK(recipient::resolve(std::string(" BILLING@example.com "), c) == "billing@example.com");
  CHECK(recipient::resolve(std::string("lead@example.com"), c) == "lead@example.com");
  CHECK_THROWS_WITH_AS(recipient::resolve(std::string("stranger@example.com"), c),
                       "recipientEmail must belong to the lead's contact or a company contact",
                       Error);
}

TEST_CASE("recipient: lead contact, then primary contact, then 400") {
  recipient::Candidates c;
  c.lead_contact_email = "lead@example.com";
  c.primary_contact_email = "primary@example.com";
  CHECK(recipient::resolve(std::nullopt, c) == "lead@example.com");
  CHECK(recipient::resolve(std::string("  "), c) == "lead@example.com");  // blank = absent
  c.lead_contact_email.reset();
  CHECK(recipient::resolve(std::nullopt, c) == "primary@example.com");
  c.primary_contact_email.reset();
  c.company_contact_emails = {"someone@example.com"};  // not the primary contact: not chosen
  CHECK_THROWS_AS(recipient::resolve(std::nullopt, c), Error);
}

TEST_CASE("agreement: variables are filled and escaped; unknown ones reported") {
  agreement::Values v{
      {"companyName", "*Acme* <b>"}, {"invoiceTotal", "$1,234.50"}, {"signedName", "Ann\nLee"}};
  CHECK(agreement::fill("For {{companyName}}: {{ invoiceTotal }}.", v) ==
        "For \\*Acme\\* \\<b\\>: \\$1\\,234\\.50.");
  CHECK(agreement::fill("Signed {{signedName}}{{signedDate}}", v) == "Signed Ann Lee");
  CHECK(agreement::fill("{{nope}}|{{ }}|{{a-b}}|{{", v) == "|{{ }}|{{a-b}}|{{");
  CHECK(agreement::unknown_variables("{{firstName}} {{bogus}} {{bogus}} {{other}}") ==
        std::vector<std::string>{"bogus", "other"});
  CHECK(agreement::unknown_variables("{{firstName}} {{invoiceNumber}}").empty());
}

TEST_CASE("markdown: CommonMark with raw HTML and unsafe links removed") {
  CHECK(markdown::to_html("# Title\n\n**bold**") ==
        "<h1>Title</h1>\n<p><strong>bold</strong></p>\n");
  const std::string html =
      markdown::to_html("<script>alert(1)</script>\n\n[x](javascript:alert(1))");
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
  // A filled-in value cannot inject markup either.
  const std::string filled =
      agreement::fill("Hi {{fullName}}", {{"fullName", "[x](http://evil) <i>"}});
  CHECK(markdown::to_html(filled) == "<p>Hi [x](http://evil) &lt;i&gt;</p>\n");
}

TEST_CASE("payment tokens: 32 random bytes, hashed for look-ups, compared in constant time") {
  const std::string a = payment_token::generate(), b = payment_token::generate();
  CHECK(a.size() == 43);  // base64url of 32 bytes, no padding
  CHECK(a != b);
  CHECK(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(payment_token::hash(a).size() == 64);
  CHECK(payment_token::hash(a) == payment_token::hash(a));
  CHECK(payment_token::hash(a) != payment_token::hash(b));
  CHECK(payment_token::equals(a, a));
  CHECK_FALSE(payment_token::equals(a, b));
  CHECK_FALSE(payment_token::equals(a, a.substr(0, 42)));
  CHECK_FALSE(payment_token::equals("", "x"));
}

TEST_CASE("settings: credential-like keys are secret; qb_* keys are admin-only") {
  CHECK(settings_store::is_secret("qb_access_token"));
  CHECK(settings_store::is_secret("slack_webhook_secret"));
  CHECK(settings_store::is_secret("smtp_password"));
  CHECK(settings_store::is_secret("resend_api_key"));
  CHECK_FALSE(settings_store::is_secret("alert_email"));
  CHECK_FALSE(settings_store::is_secret("qb_realm_id"));
  CHECK(settings_store::is_admin_only("qb_realm_id"));
  CHECK_FALSE(settings_store::is_admin_only("alert_email"));
}
