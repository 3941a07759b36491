// /api/invoices and /api/invoices/[id]: create, list, detail, plain update (DOMAIN.md §3, §11).
#include "billing_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::billing;

TEST_CASE("invoices: every endpoint requires a token") {
  ApiFixture f;
  CHECK(f.call("GET", "/api/invoices").status == 401);
  CHECK(f.call("POST", "/api/invoices", "", json::value{{"companyId", "x"}}).status == 401);
  CHECK(f.call("GET", "/api/invoices/x").status == 401);
  CHECK(f.call("PATCH", "/api/invoices/x", "", json::value{{"action", "void"}}).status == 401);
  CHECK(f.call("GET", "/api/invoices/x/serials").status == 401);
  CHECK(f.call("POST", "/api/invoices/x/serials", "", json::value{{"serialNumbers", json::array{}}})
            .status == 401);
}

TEST_CASE("invoices: create computes money in cents, numbers, token, activity and QB job") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto co = company(f, "Acme Diner", std::nullopt, /*taxable=*/true);
  const auto ct = contact(f, co, "dana@acme.test");
  const auto ld = lead(f, ct, co);
  json::value body{
      {"companyId", co},
      {"leadId", ld},
      {"lineItems", json::array{json::object{{"description", "Terminal"},
                                             {"quantity", 1.5},
                                             {"unitPrice", "9.99"},
                                             {"productCode", "T-1"}},
                                json::object{{"description", "Setup"}, {"unitPrice", 100}}}},
      {"taxRateId", "seed-tax-high"},
      {"shippingCost", 12.5},
      {"notes", "  call before delivery  "},
      {"backendId", "seed-tx-backend-tsys"},
      {"carrierId", "seed-tx-carrier-verizon"},
      {"shippingTypeId", "seed-tx-shipping-ground"},
      {"paymentTermId", "seed-terms-net30"},
      {"contractTermId", "seed-contract-12"}};
  const TimeMs created_at = f.clock->now_ms();
  const auto inv = create_invoice(f, admin, body);
  CHECK(inv.at("status") == "DRAFT");
  CHECK(inv.at("number") == "INV-2026-0001");
  CHECK(number(inv.at("subtotal")) == doctest::Approx(114.99));  // 14.985 -> 14.99, + 100
  CHECK(number(inv.at("tax")) == doctest::Approx(10.21));        // 114.99 x 8.875 % = 10.2053...
  CHECK(number(inv.at("taxRate")) == doctest::Approx(8.875));
  CHECK(number(inv.at("shippingCost")) == doctest::Approx(12.5));
  CHECK(number(inv.at("total")) == doctest::Approx(137.70));
  CHECK(number(inv.at("balance")) == doctest::Approx(137.70));
  CHECK(inv.at("amountPaid") == 0);
  CHECK(inv.at("notes") == "call before delivery");
  CHECK(inv.at("leadId") == json::value(ld));
  CHECK(inv.at("agreementTemplateId") == "seed-agreement-standard");  // the default template
  CHECK(inv.at("dueDate") == json::value(format_iso(created_at + 30 * kDayMs)));
  CHECK(inv.at("paymentToken").as_string().size() == 43);
  const auto& lines = inv.at("lineItems").as_array();
  REQUIRE(lines.size() == 2);
  CHECK(number(lines[0].at("amount")) == doctest::Approx(14.99));
  CHECK(number(lines[0].at("quantity")) == doctest::Approx(1.5));
  CHECK(lines[0].at("productCode") == "T-1");
  CHECK(lines[1].at("quantity") == 1);

  // Stored exactly, in cents.
  const auto row = f.sql(
                        "SELECT subtotal, tax, total, tax_rate_milli, payment_token_hash FROM "
                        "invoices WHERE id = ?",
                        id_of(inv))
                       .first();
  CHECK(row.integer("subtotal") == 11499);
  CHECK(row.integer("tax") == 1021);
  CHECK(row.integer("total") == 13770);
  CHECK(row.integer("tax_rate_milli") == 8875);
  CHECK(row.text("payment_token_hash").size() == 64);

  CHECK(activity_data(f, "invoice_created").at("invoiceId") == json::value(id_of(inv)));
  CHECK(job_payload(f, "quickbooks.sync-invoice").at("invoiceId") == json::value(id_of(inv)));
  CHECK(f.sql("SELECT dedupe_key FROM jobs WHERE kind = 'quickbooks.sync-invoice'")
            .first()
            .text("dedupe_key") == "qb-sync-invoice:" + id_of(inv) + ":created");

  // The next one of the year follows.
  CHECK(create_invoice(f, admin, simple_body(co)).at("number") == "INV-2026-0002");
}

TEST_CASE("invoices: a company that is not taxable pays no tax, whatever the rate") {
  ApiFixture f;
  const auto co = company(f, "Exempt Co");
  json::value body = simple_body(co);
  body.as_object()["taxRateId"] = "seed-tax-high";
  const auto inv = create_invoice(f, f.admin_token(), body);
  CHECK(inv.at("tax") == 0);
  CHECK(inv.at("total") == 100);
  CHECK(number(inv.at("taxRate")) == doctest::Approx(8.875));  // recorded, not applied
}

TEST_CASE("invoices: create validation names the field") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto co = company(f, "Acme");
  const auto other = company(f, "Other");
  const auto ld = lead(f, contact(f, other, "x@other.test"), other);
  const auto expect_400 = [&](json::value body, const std::string& needle) {
    auto r = f.call("POST", "/api/invoices", admin, body);
    INFO(r.raw.body);
    CHECK(r.status == 400);
    CHECK(r.error().find(needle) != std::string::npos);
  };
  expect_400(json::value{{"lineItems", json::array{}}}, "companyId");
  expect_400(json::value{{"companyId", co}}, "lineItems");
  expect_400(json::value{{"companyId", co}, {"lineItems", json::array{}}}, "lineItems");
  expect_400(json::value{{"companyId", co}, {"lineItems", "x"}}, "lineItems");
  const auto line = [](json::object o) { return json::array{json::value(std::move(o))}; };
  expect_400(json::value{{"companyId", co}, {"lineItems", line({{"unitPrice", 1}})}},
             "lineItems[0].description");
  expect_400(json::value{{"companyId", co}, {"lineItems", line({{"description", "x"}})}},
             "lineItems[0].unitPrice");
  expect_400(
      json::value{{"companyId", co},
                  {"lineItems", line({{"description", "x"}, {"unitPrice", 1}, {"quantity", 0}})}},
      "quantity");
  expect_400(json::value{{"companyId", co},
                         {"lineItems",
                          line({{"description", "x"}, {"unitPrice", 1}, {"quantity", 1.0005}})}},
             "quantity");
  expect_400(json::value{{"companyId", co},
                         {"lineItems", line({{"description", "x"}, {"unitPrice", "abc"}})}},
             "unitPrice");
  expect_400(json::value{{"companyId", co},
                         {"lineItems", line({{"description", "x"}, {"unitPrice", -5}})}},
             "lineItems");  // adds up to less than 0
  json::value bad = simple_body(co);
  bad.as_object()["shippingCost"] = -1;
  expect_400(bad, "shippingCost");
  bad = simple_body(co);
  bad.as_object()["taxRateId"] = "nope";
  expect_400(bad, "taxRateId");
  bad = simple_body(co);
  bad.as_object()["carrierId"] = "seed-tx-backend-tsys";  // a BACKEND, not a CELLULAR_CARRIER
  expect_400(bad, "carrierId");
  bad = simple_body(co);
  bad.as_object()["paymentTermId"] = "nope";
  expect_400(bad, "paymentTermId");
  bad = simple_body(co);
  bad.as_object()["leadId"] = ld;  // a lead of another company
  expect_400(bad, "leadId");
  bad = simple_body(co);
  bad.as_object()["dueDate"] = "tomorrow";
  expect_400(bad, "dueDate");
  CHECK(f.call("POST", "/api/invoices", admin, std::string("{not json")).status == 400);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM invoices").first().integer("n") == 0);
  // A failed create gives its number back: the next invoice is still 0001.
  CHECK(create_invoice(f, admin, simple_body(co)).at("number") == "INV-2026-0001");
}

TEST_CASE("invoices: visibility follows the company; invisible is 404") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto mine = company(f, "Mine", rep_id);
  const auto theirs = company(f, "Theirs", other_id);
  const auto pool = company(f, "Pool");
  const auto inv_mine = id_of(create_invoice(f, rep_token, simple_body(mine)));
  const auto inv_theirs = id_of(create_invoice(f, other_token, simple_body(theirs)));
  const auto inv_pool = id_of(create_invoice(f, rep_token, simple_body(pool)));

  // A rep cannot invoice a company they cannot see.
  CHECK(f.call("POST", "/api/invoices", rep_token, simple_body(theirs)).status == 404);

  auto list = f.call("GET", "/api/invoices", rep_token);
  REQUIRE(list.status == 200);
  std::vector<std::string> ids;
  for (const auto& i : list.data().as_array()) ids.push_back(text_of(i, "id"));
  CHECK(ids == std::vector<std::string>{inv_pool, inv_mine});  // newest first
  CHECK(list.body.at("pagination").at("total") == 2);
  CHECK(f.call("GET", "/api/invoices", f.admin_token()).body.at("pagination").at("total") == 3);

  CHECK(f.call("GET", "/api/invoices/" + inv_theirs, rep_token).status == 404);
  CHECK(f.call("GET", "/api/invoices/nope", rep_token).status == 404);
  CHECK(patch_invoice(f, rep_token, inv_theirs, {{"notes", "x"}}).status == 404);
  CHECK(patch_invoice(f, rep_token, inv_theirs, {{"action", "void"}}).status == 404);
  CHECK(f.call("GET", "/api/invoices/" + inv_theirs + "/serials", rep_token).status == 404);
  CHECK(f.call("POST", "/api/invoices/" + inv_theirs + "/serials", rep_token,
               json::value{{"serialNumbers", json::array{"SN-1"}}})
            .status == 404);
  CHECK(f.call("GET", "/api/invoices/" + inv_theirs, f.admin_token()).status == 200);
}

TEST_CASE("invoices: list filters and embeds company, lead, line items, payments, orders") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto a = company(f, "A");
  const auto b = company(f, "B");
  const auto ld = lead(f, contact(f, a, "a@a.test"), a);
  json::value body = simple_body(a);
  body.as_object()["leadId"] = ld;
  const auto first = id_of(create_invoice(f, admin, body));
  create_invoice(f, admin, simple_body(b));
  REQUIRE(patch_invoice(f, admin, first, {{"action", "send"}}).status == 200);

  auto sent = f.call("GET", "/api/invoices?status=SENT", admin);
  REQUIRE(sent.data().as_array().size() == 1);
  const auto& item = sent.data().as_array()[0];
  CHECK(item.at("id") == json::value(first));
  CHECK(item.at("company").at("name") == "A");
  CHECK(item.at("lead").at("id") == json::value(ld));
  CHECK(item.at("lineItems").as_array().size() == 1);
  CHECK(item.at("payments").as_array().empty());
  CHECK(item.at("fulfillmentOrders").as_array().size() == 1);
  CHECK(f.call("GET", "/api/invoices?companyId=" + b, admin).data().as_array().size() == 1);
  CHECK(f.call("GET", "/api/invoices?status=BOGUS", admin).status == 400);
  CHECK(f.call("GET", "/api/invoices?limit=x", admin).status == 400);
  auto paged = f.call("GET", "/api/invoices?limit=1&page=2", admin);
  CHECK(paged.data().as_array().size() == 1);
  CHECK(paged.body.at("pagination").at("totalPages") == 2);
}

TEST_CASE("invoices: detail has company with contacts and addresses, lead, devices, carrier") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto co = company(f, "Acme");
  const auto ct = contact(f, co, "dana@acme.test");
  address(f, co, "BOTH", "1 Main St", true, true);
  json::value body = simple_body(co);
  body.as_object()["leadId"] = lead(f, ct, co);
  body.as_object()["carrierId"] = "seed-tx-carrier-att";
  const auto id = id_of(create_invoice(f, admin, body));
  auto r = f.call("GET", "/api/invoices/" + id, admin);
  REQUIRE(r.status == 200);
  const auto& d = r.data();
  CHECK(d.at("company").at("name") == "Acme");
  CHECK(d.at("company").at("contacts").as_array().size() == 1);
  CHECK(d.at("company").at("addresses").as_array().size() == 1);
  CHECK(d.at("lead").at("contactId") == json::value(ct));
  CHECK(d.at("carrier").at("value") == "AT&T");
  CHECK(d.at("devices").as_array().empty());
  CHECK(d.at("payments").as_array().empty());
  CHECK(d.at("fulfillmentOrders").as_array().empty());
}

TEST_CASE("invoices: plain PATCH updates notes and due date only") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto id = id_of(create_invoice(f, admin, simple_body(company(f, "Acme"))));
  auto r = patch_invoice(f, admin, id,
                         {{"notes", "Net 30 agreed"},
                          {"dueDate", "2026-12-31"},
                          {"total", 1}});  // unknown fields are ignored
  REQUIRE(r.status == 200);
  CHECK(r.data().at("notes") == "Net 30 agreed");
  CHECK(r.data().at("dueDate") == "2026-12-31T00:00:00.000Z");
  CHECK(r.data().at("total") == 100);
  r = patch_invoice(f, admin, id, {{"notes", nullptr}, {"dueDate", nullptr}});
  CHECK(r.data().at("notes").is_null());
  CHECK(r.data().at("dueDate").is_null());
  CHECK(patch_invoice(f, admin, id, {{"dueDate", "soon"}}).status == 400);
  CHECK(patch_invoice(f, admin, id, {{"notes", 5}}).status == 400);
  CHECK(patch_invoice(f, admin, id, {{"action", "explode"}}).status == 400);
}
