// Public pay page and e-signature: GET /api/pay/[token], POST /api/proposals/[token]/sign
// (DOMAIN.md §11).
#include "adapters/rest/json_writer.hpp"
#include "billing_helpers.hpp"
#include "core/invoices/payment_token.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::billing;

namespace {

struct Sent {
  std::string company, invoice, token;
};

// A sent invoice of "Acme <Diner>" with addresses and a note that must never be public.
Sent sent_invoice(ApiFixture& f) {
  const auto admin = f.admin_token();
  Sent s;
  s.company = company(f, "Acme <Diner>");
  contact(f, s.company, "dana@acme.test");
  address(f, s.company, "BILLING", "1 Bill St", true, false);
  address(f, s.company, "SHIPPING", "2 Ship Rd", false, true);
  json::value body = simple_body(s.company);
  body.as_object()["notes"] = "internal: customer is slow to pay";
  const auto inv = create_invoice(f, admin, body);
  s.invoice = id_of(inv);
  s.token = text_of(inv, "paymentToken");
  REQUIRE(patch_invoice(f, admin, s.invoice, {{"action", "send"}}).status == 200);
  return s;
}

ApiResult sign(ApiFixture& f, const std::string& token, json::value body,
               const std::string& ip = "203.0.113.9") {
  rest::Request req;
  req.method = "POST";
  req.target = "/api/proposals/" + token + "/sign";
  req.body = rest::write_json(body);
  req.remote_addr = ip;
  req.headers = {{"Content-Type", "application/json"},
                 {"User-Agent", "Mozilla/5.0 (test)"},
                 {"X-Forwarded-For", "198.51.100.1"}};
  ApiResult r;
  r.raw = f.api->handle(req);
  r.status = r.raw.status;
  boost::system::error_code ec;
  r.body = json::parse(r.raw.body, ec);
  return r;
}

}  // namespace

TEST_CASE("pay: unknown tokens are 404 whatever they look like") {
  ApiFixture f;
  const Sent s = sent_invoice(f);
  for (const std::string token : {std::string("nope"), s.token.substr(0, 42) + "A",
                                  s.token.substr(0, 42), std::string(43, 'A'), s.token + "x"}) {
    if (token == s.token) continue;
    auto r = f.call("GET", "/api/pay/" + token);
    CHECK(r.status == 404);
    CHECK(r.error() == "Not found");
    CHECK(sign(f, token, json::value{{"signedName", "Dana Diner"}}).status == 404);
  }
  CHECK(activities_of_type(f, "invoice_viewed") == 0);
}

TEST_CASE("pay: the public payload has only customer-facing data") {
  ApiFixture f;
  const Sent s = sent_invoice(f);
  auto r = f.call("GET", "/api/pay/" + s.token);
  INFO(r.raw.body);
  REQUIRE(r.status == 200);
  const auto& d = r.data();
  CHECK(d.at("invoice").at("number") == "INV-2026-0001");
  CHECK(d.at("invoice").at("status") == "SENT");
  CHECK(d.at("invoice").at("total") == 100);
  CHECK(d.at("invoice").at("balance") == 100);
  CHECK(d.at("invoice").at("payable") == true);
  CHECK(d.at("invoice").at("lineItems").as_array()[0].at("description") == "POS terminal");
  CHECK(d.at("company").at("name") == "Acme <Diner>");
  CHECK(d.at("company").at("billingAddress").at("addressLine1") == "1 Bill St");
  CHECK(d.at("company").at("shippingAddress").at("addressLine1") == "2 Ship Rd");
  CHECK(d.at("signature").at("signed") == false);
  const auto& agreement = d.at("agreement");
  CHECK(agreement.at("name") == "Standard Service Agreement");
  const std::string html(agreement.at("html").as_string());
  CHECK(html.find("<h1>Service Agreement</h1>") != std::string::npos);
  CHECK(html.find("Acme &lt;Diner&gt;") != std::string::npos);  // escaped, not markup
  CHECK(html.find("INV-2026-0001") != std::string::npos);
  CHECK(html.find("$100.00") != std::string::npos);
  // Nothing internal.
  for (const char* secret : {"customer is slow to pay", "gate code", "paymentToken", "createdById",
                             "qbInvoiceId", "companyId", "recipientEmail", "dana@acme.test"})
    CHECK_MESSAGE(r.raw.body.find(secret) == std::string::npos, secret);
  // The rep appears only as the agreement template names them ({{repName}}, {{repEmail}}).
  CHECK(r.raw.body.find(f.admin_id()) == std::string::npos);
  CHECK(r.raw.body.find(s.token) == std::string::npos);
}

TEST_CASE("pay: views are tracked; notifications at most once per 60 s; CRM users not tracked") {
  ApiFixture f;
  const Sent s = sent_invoice(f);
  f.call("PATCH", "/api/settings", f.admin_token(),
         json::value{{"key", "alert_email"}, {"value", "owner@crm.test"}});
  REQUIRE(f.call("GET", "/api/pay/" + s.token).status == 200);
  CHECK(activities_of_type(f, "invoice_viewed") == 1);
  CHECK(activities_of_type(f, "invoice_viewed_notified") == 1);
  CHECK(jobs_of_kind(f, "slack.invoice-viewed") == 1);
  CHECK(job_payload(f, "email.invoice-viewed").at("to") == "owner@crm.test");
  CHECK(activity_data(f, "invoice_viewed").at("ip") == "127.0.0.1");

  f.clock->advance(59 * kSecondMs);
  REQUIRE(f.call("GET", "/api/pay/" + s.token).status == 200);
  CHECK(activities_of_type(f, "invoice_viewed") == 2);
  CHECK(activities_of_type(f, "invoice_viewed_notified") == 1);
  CHECK(jobs_of_kind(f, "slack.invoice-viewed") == 1);

  f.clock->advance(kSecondMs);
  REQUIRE(f.call("GET", "/api/pay/" + s.token).status == 200);
  CHECK(activities_of_type(f, "invoice_viewed") == 3);
  CHECK(activities_of_type(f, "invoice_viewed_notified") == 2);
  CHECK(jobs_of_kind(f, "slack.invoice-viewed") == 2);
  CHECK(jobs_of_kind(f, "email.invoice-viewed") == 2);

  // A logged-in CRM user previewing the page is not a customer view.
  f.clock->advance(5 * kMinuteMs);
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  REQUIRE(f.call("GET", "/api/pay/" + s.token, rep_token).status == 200);
  CHECK(activities_of_type(f, "invoice_viewed") == 3);
  CHECK(activities_of_type(f, "invoice_viewed_notified") == 2);
  // A broken session token is just an anonymous view.
  REQUIRE(f.call("GET", "/api/pay/" + s.token, "not-a-jwt").status == 200);
  CHECK(activities_of_type(f, "invoice_viewed") == 4);
}

TEST_CASE("sign: stores name, time, IP, user agent and the rendered snapshot, once") {
  ApiFixture f;
  const Sent s = sent_invoice(f);
  CHECK(sign(f, s.token, json::value{{"signedName", "  Al "}}).status == 400);
  CHECK(sign(f, s.token, json::value(json::object{})).status == 400);
  CHECK(sign(f, s.token, json::value{{"signedName", 42}}).status == 400);

  auto r = sign(f, s.token, json::value{{"signedName", "  Dana Diner "}});
  INFO(r.raw.body);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("signature").at("signed") == true);
  CHECK(r.data().at("signature").at("signedName") == "Dana Diner");
  const std::string html(r.data().at("agreement").at("html").as_string());
  CHECK(html.find("Signed by Dana Diner for Acme &lt;Diner&gt; on 2026-11-18") !=
        std::string::npos);

  const auto row = f.sql(
                        "SELECT signed_name, signed_at, signed_ip_addr, signed_user_agent, "
                        "signed_agreement_snapshot FROM invoices WHERE id = ?",
                        s.invoice)
                       .first();
  CHECK(row.text("signed_name") == "Dana Diner");
  CHECK(row.integer("signed_at") == f.clock->now_ms());
  CHECK(row.text("signed_ip_addr") == "203.0.113.9");  // no trusted proxy: the header is ignored
  CHECK(row.text("signed_user_agent") == "Mozilla/5.0 (test)");
  CHECK(row.text("signed_agreement_snapshot") == html);
  CHECK(activity_data(f, "agreement_signed").at("signedName") == "Dana Diner");
  CHECK(job_payload(f, "slack.proposal-signed").at("invoiceId") == json::value(s.invoice));

  // The snapshot stays what was signed, even if the template changes later.
  f.sql("UPDATE agreement_templates SET body = 'changed' WHERE id = 'seed-agreement-standard'");
  auto view = f.call("GET", "/api/pay/" + s.token);
  CHECK(view.data().at("agreement").at("html") == json::value(html));
  CHECK(view.data().at("signature").at("signed") == true);

  auto again = sign(f, s.token, json::value{{"signedName", "Someone Else"}});
  CHECK(again.status == 400);
  CHECK(again.error() == "Agreement is already signed");
  CHECK(activities_of_type(f, "agreement_signed") == 1);
  CHECK(f.call("GET", "/api/invoices/" + s.invoice, f.admin_token()).data().at("signedName") ==
        "Dana Diner");
}

TEST_CASE("sign: a VOID invoice cannot be signed") {
  ApiFixture f;
  const Sent s = sent_invoice(f);
  REQUIRE(patch_invoice(f, f.admin_token(), s.invoice, {{"action", "void"}}).status == 200);
  auto r = sign(f, s.token, json::value{{"signedName", "Dana Diner"}});
  CHECK(r.status == 400);
  CHECK(r.error() == "Invoice is VOID");
  CHECK(
      f.sql("SELECT signed_at FROM invoices WHERE id = ?", s.invoice).first().is_null("signed_at"));
  auto view = f.call("GET", "/api/pay/" + s.token);
  CHECK(view.data().at("invoice").at("status") == "VOID");
  CHECK(view.data().at("invoice").at("payable") == false);
}

TEST_CASE("sign: X-Forwarded-For is believed only from a trusted proxy") {
  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  options.trusted_proxies = {"10.0.0.1"};
  auto engine = Engine::open(open_fresh_database(), options);
  rest::Api api(*engine);
  const std::string token = "tok-" + std::string(40, 'a');
  engine->database().write([&](sql::Transaction& tx) {
    tx.query("INSERT INTO companies (id, name, created_at, updated_at) VALUES ('c1', 'Co', 0, 0)");
    tx.query(
        "INSERT INTO invoices (id, number, company_id, status, payment_token, payment_token_hash, "
        "agreement_template_id, created_at, updated_at) VALUES ('i1', 'INV-2026-0001', 'c1', "
        "'SENT', ?, ?, 'seed-agreement-standard', 0, 0)",
        token, payment_token::hash(token));
  });
  rest::Request req;
  req.method = "POST";
  req.target = "/api/proposals/" + token + "/sign";
  req.body = R"({"signedName":"Pat Proxy"})";
  req.remote_addr = "10.0.0.1";
  req.headers = {{"X-Forwarded-For", "192.0.2.7, 10.0.0.1"}};
  REQUIRE(api.handle(req).status == 200);
  auto tx = engine->database().read();
  CHECK(tx->query("SELECT signed_ip_addr FROM invoices WHERE id = 'i1'")
            .first()
            .text("signed_ip_addr") == "192.0.2.7");
}
