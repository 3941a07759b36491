// PATCH /api/invoices/[id] actions: send, void, record_payment, force_qb_resync; illegal
// transitions change nothing (DOMAIN.md §6, §11, §17).
#include "billing_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::billing;

namespace {

struct Deal {
  std::string company, contact, lead, invoice;
};

// A company with a primary contact, a lead of a second contact, and a draft of 100.00.
Deal deal(ApiFixture& f, const std::optional<std::string>& rep_id = std::nullopt) {
  Deal d;
  d.company = company(f, "Acme", rep_id);
  contact(f, d.company, "primary@acme.test");
  d.contact = contact(f, d.company, "lead@acme.test");
  d.lead = lead(f, d.contact, d.company);
  json::value body = simple_body(d.company);
  body.as_object()["leadId"] = d.lead;
  d.invoice = id_of(create_invoice(f, f.admin_token(), body));
  return d;
}

std::string status_of(ApiFixture& f, const std::string& invoice_id) {
  return f.sql("SELECT status FROM invoices WHERE id = ?", invoice_id).first().text("status");
}

json::object pay(double amount, const char* method = "CHECK") {
  return {{"action", "record_payment"}, {"amount", amount}, {"method", method}};
}

}  // namespace

TEST_CASE("send: DRAFT -> SENT to the lead's contact, one order, the email job, the activity") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  auto r = patch_invoice(f, admin, d.invoice, {{"action", "send"}});
  INFO(r.raw.body);
  REQUIRE(r.status == 200);
  CHECK(r.data().at("status") == "SENT");
  CHECK(r.data().at("recipientEmail") == "lead@acme.test");
  CHECK(r.data().at("sentAt") == json::value(format_iso(f.clock->now_ms())));
  CHECK(count(f, "SELECT COUNT(*) AS n FROM fulfillment_orders WHERE invoice_id = ?", d.invoice) ==
        1);
  const auto job = job_payload(f, "email.invoice-sent");
  CHECK(job.at("to") == "lead@acme.test");
  CHECK(job.at("invoiceId") == json::value(d.invoice));
  CHECK(f.sql("SELECT dedupe_key, status FROM jobs WHERE kind = 'email.invoice-sent'")
            .first()
            .text("dedupe_key") == "invoice-sent:" + d.invoice);
  const auto act = activity_data(f, "invoice_sent");
  CHECK(act.at("recipientEmail") == "lead@acme.test");

  // Sending again is an illegal transition: 400, and nothing is added.
  auto again = patch_invoice(f, admin, d.invoice, {{"action", "send"}});
  CHECK(again.status == 400);
  CHECK(again.error() == "Invoice cannot go from SENT to SENT");
  CHECK(count(f, "SELECT COUNT(*) AS n FROM fulfillment_orders WHERE invoice_id = ?", d.invoice) ==
        1);
  CHECK(jobs_of_kind(f, "email.invoice-sent") == 1);
  CHECK(activities_of_type(f, "invoice_sent") == 1);
}

TEST_CASE("send: recipient resolution") {
  ApiFixture f;
  const auto admin = f.admin_token();
  SUBCASE("an explicit address must be a contact's") {
    const Deal d = deal(f);
    auto bad = patch_invoice(f, admin, d.invoice,
                             {{"action", "send"}, {"recipientEmail", "stranger@else.test"}});
    CHECK(bad.status == 400);
    CHECK(bad.error().find("recipientEmail") != std::string::npos);
    CHECK(status_of(f, d.invoice) == "DRAFT");
    CHECK(jobs_of_kind(f, "email.invoice-sent") == 0);
    CHECK(count(f, "SELECT COUNT(*) AS n FROM fulfillment_orders WHERE invoice_id = ?",
                d.invoice) == 0);
    auto ok = patch_invoice(f, admin, d.invoice,
                            {{"action", "send"}, {"recipientEmail", "PRIMARY@acme.test"}});
    REQUIRE(ok.status == 200);
    CHECK(ok.data().at("recipientEmail") == "primary@acme.test");
  }
  SUBCASE("without a lead: the company's primary contact") {
    const auto co = company(f, "NoLead");
    contact(f, co, "first@nolead.test");
    contact(f, co, "second@nolead.test");
    const auto id = id_of(create_invoice(f, admin, simple_body(co)));
    auto r = patch_invoice(f, admin, id, {{"action", "send"}});
    REQUIRE(r.status == 200);
    CHECK(r.data().at("recipientEmail") == "first@nolead.test");
  }
  SUBCASE("no address anywhere: 400") {
    const auto co = company(f, "Nobody");
    contact(f, co, std::nullopt);
    const auto id = id_of(create_invoice(f, admin, simple_body(co)));
    CHECK(patch_invoice(f, admin, id, {{"action", "send"}}).status == 400);
    CHECK(status_of(f, id) == "DRAFT");
  }
}

TEST_CASE("record_payment: partial, then full: PAID, lead WON, company CUSTOMER, jobs, dashboard") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  f.call("PATCH", "/api/settings", admin,
         json::value{{"key", "alert_email"}, {"value", "owner@crm.test"}});
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "send"}}).status == 200);
  // Prime the dashboard cache; the payment must clear it.
  auto before = f.call("GET", "/api/dashboard", admin);
  REQUIRE(before.status == 200);

  auto partial = patch_invoice(f, admin, d.invoice, pay(25.5));
  INFO(partial.raw.body);
  REQUIRE(partial.status == 200);
  CHECK(partial.data().at("status") == "PARTIAL");
  CHECK(number(partial.data().at("amountPaid")) == doctest::Approx(25.5));
  CHECK(number(partial.data().at("balance")) == doctest::Approx(74.5));
  CHECK(jobs_of_kind(f, "quickbooks.sync-payment") == 1);
  CHECK(jobs_of_kind(f, "slack.invoice-paid") == 0);
  CHECK(f.sql("SELECT stage FROM leads WHERE id = ?", d.lead).first().text("stage") ==
        "NEGOTIATING");
  auto after_partial = f.call("GET", "/api/dashboard", admin);
  CHECK(number(after_partial.data().at("mtdRevenue")) == doctest::Approx(25.5));

  // Overpaying is refused and changes nothing.
  auto over = patch_invoice(f, admin, d.invoice, pay(74.51));
  CHECK(over.status == 400);
  CHECK(over.error() == "amount must not exceed the balance of 74.5");
  CHECK(count(f, "SELECT COUNT(*) AS n FROM payments WHERE invoice_id = ?", d.invoice) == 1);

  f.clock->advance(kSecondMs);
  auto full = patch_invoice(f, admin, d.invoice, pay(74.5, "ACH"));
  REQUIRE(full.status == 200);
  CHECK(full.data().at("status") == "PAID");
  CHECK(full.data().at("balance") == 0);
  CHECK(full.data().at("paidAt") == json::value(format_iso(f.clock->now_ms())));
  const auto lead_row = f.sql("SELECT stage, won_at FROM leads WHERE id = ?", d.lead).first();
  CHECK(lead_row.text("stage") == "WON");
  CHECK(lead_row.integer("won_at") == f.clock->now_ms());
  CHECK(f.sql("SELECT status FROM companies WHERE id = ?", d.company).first().text("status") ==
        "CUSTOMER");
  CHECK(activity_data(f, "stage_changed").at("to") == "WON");
  CHECK(jobs_of_kind(f, "quickbooks.sync-payment") == 2);
  CHECK(job_payload(f, "slack.invoice-paid").at("invoiceId") == json::value(d.invoice));
  CHECK(job_payload(f, "slack.deal-won").at("leadId") == json::value(d.lead));
  CHECK(job_payload(f, "email.payment-received").at("to") == "lead@acme.test");
  CHECK(job_payload(f, "email.invoice-paid-alert").at("to") == "owner@crm.test");
  CHECK(activities_of_type(f, "payment_received") == 2);
  const auto act = activity_data(f, "payment_received");
  CHECK(act.at("amount") == "74.5");
  CHECK(act.at("method") == "ACH");
  CHECK(act.at("status") == "PAID");
  const auto payments = f.call("GET", "/api/invoices/" + d.invoice, admin).data().at("payments");
  REQUIRE(payments.as_array().size() == 2);
  CHECK(payments.as_array()[1].at("method") == "ACH");
  auto after_full = f.call("GET", "/api/dashboard", admin);
  CHECK(number(after_full.data().at("mtdRevenue")) == doctest::Approx(100));

  // PAID is final: no more payments, no void.
  CHECK(patch_invoice(f, admin, d.invoice, pay(1)).status == 400);
  auto void_paid = patch_invoice(f, admin, d.invoice, {{"action", "void"}});
  CHECK(void_paid.status == 400);
  CHECK(void_paid.error() == "Invoice cannot go from PAID to VOID");
  CHECK(status_of(f, d.invoice) == "PAID");
}

TEST_CASE("record_payment: validation and illegal states") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  // DRAFT takes no payment.
  auto draft = patch_invoice(f, admin, d.invoice, pay(10));
  CHECK(draft.status == 400);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM payments WHERE invoice_id = ?", d.invoice) == 0);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "send"}}).status == 200);
  CHECK(patch_invoice(f, admin, d.invoice, {{"action", "record_payment"}}).status == 400);
  CHECK(patch_invoice(f, admin, d.invoice, pay(0)).status == 400);
  CHECK(patch_invoice(f, admin, d.invoice, pay(-5)).status == 400);
  CHECK(patch_invoice(f, admin, d.invoice, pay(5, "BITCOIN")).status == 400);
  CHECK(patch_invoice(f, admin, d.invoice, {{"action", "record_payment"}, {"amount", "ten"}})
            .status == 400);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM payments WHERE invoice_id = ?", d.invoice) == 0);
  CHECK(status_of(f, d.invoice) == "SENT");
  // Without an alert_email setting no alert is queued; the rest still is.
  REQUIRE(patch_invoice(f, admin, d.invoice, pay(100)).status == 200);
  CHECK(jobs_of_kind(f, "email.invoice-paid-alert") == 0);
  CHECK(jobs_of_kind(f, "email.payment-received") == 1);
}

TEST_CASE("void: from DRAFT, SENT or PARTIAL; cancels the pending order and returns devices") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "send"}}).status == 200);
  REQUIRE(f.call("POST", "/api/invoices/" + d.invoice + "/serials", admin,
                 json::value{{"serialNumbers", json::array{"SN-1", "SN-2"}}})
              .status == 200);
  REQUIRE(patch_invoice(f, admin, d.invoice, pay(10)).status == 200);
  auto r = patch_invoice(f, admin, d.invoice, {{"action", "void"}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("status") == "VOID");
  CHECK(r.data().at("voidedAt") == json::value(format_iso(f.clock->now_ms())));
  CHECK(f.sql("SELECT status FROM fulfillment_orders WHERE invoice_id = ?", d.invoice)
            .first()
            .text("status") == "CANCELED");
  const auto devices =
      f.sql("SELECT status, invoice_id, company_id FROM devices ORDER BY serial_number");
  REQUIRE(devices.rows.size() == 2);
  for (const auto& row : devices.rows) {
    CHECK(row.text("status") == "IN_STOCK");
    CHECK(row.is_null("invoice_id"));
    CHECK(row.is_null("company_id"));
  }
  CHECK(activity_data(f, "invoice_voided").at("canceledOrderId").is_string());
  CHECK(activity_data(f, "fulfillment_canceled").at("returnedSerials").as_array().size() == 2);
  // VOID is final.
  CHECK(patch_invoice(f, admin, d.invoice, {{"action", "void"}}).status == 400);
  CHECK(patch_invoice(f, admin, d.invoice, {{"action", "send"}}).status == 400);
  CHECK(patch_invoice(f, admin, d.invoice, pay(1)).status == 400);

  // A DRAFT voids directly (no order).
  const auto draft = id_of(create_invoice(f, admin, simple_body(d.company)));
  CHECK(patch_invoice(f, admin, draft, {{"action", "void"}}).data().at("status") == "VOID");
}

TEST_CASE("void: a shipped order is not canceled") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "send"}}).status == 200);
  f.sql("UPDATE fulfillment_orders SET status = 'SHIPPED' WHERE invoice_id = ?", d.invoice);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "void"}}).status == 200);
  CHECK(f.sql("SELECT status FROM fulfillment_orders WHERE invoice_id = ?", d.invoice)
            .first()
            .text("status") == "SHIPPED");
  CHECK(activity_data(f, "invoice_voided").at("canceledOrderId").is_null());
}

TEST_CASE("force_qb_resync: a job per request and an activity") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "force_qb_resync"}}).status == 200);
  f.clock->advance(kSecondMs);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "force_qb_resync"}}).status == 200);
  CHECK(jobs_of_kind(f, "quickbooks.sync-invoice") == 3);  // create + two resyncs
  CHECK(activities_of_type(f, "invoice_qb_resync_requested") == 2);
}

TEST_CASE("invoice actions: a rep acts on invoices of companies they see") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const Deal d = deal(f, rep_id);
  auto r = patch_invoice(f, rep_token, d.invoice, {{"action", "send"}});
  CHECK(r.status == 200);
  CHECK(patch_invoice(f, rep_token, d.invoice, pay(100)).status == 200);
  CHECK(f.sql("SELECT created_by_id FROM payments").first().text("created_by_id") == rep_id);
}

TEST_CASE("serials: assign creates or reuses devices, one order, refuses unavailable ones") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const Deal d = deal(f);
  const std::string path = "/api/invoices/" + d.invoice + "/serials";
  // An existing stock device and a device already shipped elsewhere.
  f.sql(
      "INSERT INTO devices (id, serial_number, status, created_at, updated_at) VALUES "
      "('dev-stock', "
      "'SN-STOCK', 'IN_STOCK', 0, 0)");
  f.sql(
      "INSERT INTO devices (id, serial_number, status, created_at, updated_at) VALUES ('dev-away', "
      "'SN-AWAY', 'SHIPPED', 0, 0)");

  auto r = f.call("POST", path, admin,
                  json::value{{"serialNumbers", json::array{" SN-NEW ", "SN-STOCK", "SN-NEW"}}});
  INFO(r.raw.body);
  REQUIRE(r.status == 200);
  REQUIRE(r.data().as_array().size() == 2);
  for (const auto& dev : r.data().as_array()) {
    CHECK(dev.at("status") == "ASSIGNED");
    CHECK(dev.at("invoiceId") == json::value(d.invoice));
    CHECK(dev.at("companyId") == json::value(d.company));
  }
  CHECK(count(f, "SELECT COUNT(*) AS n FROM fulfillment_orders WHERE invoice_id = ?", d.invoice) ==
        1);
  CHECK(count(f,
              "SELECT COUNT(*) AS n FROM fulfillment_items fi JOIN fulfillment_orders o ON o.id = "
              "fi.order_id WHERE o.invoice_id = ?",
              d.invoice) == 2);
  CHECK(activity_data(f, "device_assigned").at("serialNumbers").as_array().size() == 2);

  // Assigning again is idempotent; sending afterwards reuses the same order.
  REQUIRE(
      f.call("POST", path, admin, json::value{{"serialNumbers", json::array{"SN-STOCK"}}}).status ==
      200);
  REQUIRE(patch_invoice(f, admin, d.invoice, {{"action", "send"}}).status == 200);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM fulfillment_orders WHERE invoice_id = ?", d.invoice) ==
        1);

  // A device in another state: 409 naming the serial, nothing changes.
  auto busy =
      f.call("POST", path, admin, json::value{{"serialNumbers", json::array{"SN-X", "SN-AWAY"}}});
  CHECK(busy.status == 409);
  CHECK(busy.error().find("SN-AWAY") != std::string::npos);
  CHECK(count(f, "SELECT COUNT(*) AS n FROM devices WHERE serial_number = ?",
              std::string("SN-X")) == 0);

  auto listed = f.call("GET", path, admin);
  REQUIRE(listed.status == 200);
  CHECK(listed.data().as_array().size() == 2);
  CHECK(f.call("POST", path, admin, json::value{{"serialNumbers", json::array{}}}).status == 400);
  CHECK(f.call("POST", path, admin, json::value{{"serialNumbers", json::array{" "}}}).status ==
        400);
  CHECK(f.call("POST", path, admin, json::value{{"serialNumbers", "SN-1"}}).status == 400);
  CHECK(f.call("POST", path, admin, json::value(json::object{})).status == 400);
}
