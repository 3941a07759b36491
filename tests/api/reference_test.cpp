// Taxonomies, form options, settings (DOMAIN.md §13) and the reference tables through the
// library.
#include "crm/reference.hpp"
#include "billing_helpers.hpp"

using namespace crm;
using namespace crm::test;
using namespace crm::test::billing;

TEST_CASE("taxonomies: tiers; edit and delete are admin-only") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  CHECK(f.call("GET", "/api/taxonomies").status == 401);
  CHECK(f.call("GET", "/api/taxonomies", rep_token).status == 200);
  CHECK(
      f.call("POST", "/api/taxonomies", rep_token, json::value{{"type", "SOURCE"}, {"value", "X"}})
          .status == 403);
  CHECK(f.call("PATCH", "/api/taxonomies/seed-tx-source-website", rep_token,
               json::value{{"value", "Web"}})
            .status == 403);
  CHECK(f.call("DELETE", "/api/taxonomies/seed-tx-source-website", rep_token).status == 403);
  CHECK(f.call("GET", "/api/taxonomy/values?type=SOURCE").status == 401);
  CHECK(f.call("GET", "/api/form-options").status == 401);
  CHECK(f.call("GET", "/api/settings").status == 401);
  CHECK(f.call("PATCH", "/api/settings", rep_token, json::value{{"key", "a"}, {"value", "b"}})
            .status == 403);
}

TEST_CASE("taxonomies: seeded, grouped or flat, create, duplicate 409, update, delete") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto grouped = f.call("GET", "/api/taxonomies", admin);
  REQUIRE(grouped.status == 200);
  CHECK(grouped.data().as_object().size() == 8);
  CHECK(grouped.data().at("CELLULAR_CARRIER").as_array().size() == 3);
  CHECK(grouped.data().at("CELLULAR_CARRIER").as_array()[0].at("value") == "Verizon");

  auto created =
      f.call("POST", "/api/taxonomies", admin,
             json::value{{"type", "CELLULAR_CARRIER"}, {"value", " US Mobile "}, {"sortOrder", 5}});
  INFO(created.raw.body);
  REQUIRE(created.status == 201);
  const std::string id = text_of(created.data(), "id");
  CHECK(created.data().at("value") == "US Mobile");
  CHECK(created.data().at("active") == true);
  auto flat = f.call("GET", "/api/taxonomies?type=CELLULAR_CARRIER", admin);
  REQUIRE(flat.data().is_array());
  CHECK(flat.data().as_array()[0].at("value") == "US Mobile");  // sort order 5 first

  CHECK(f.call("POST", "/api/taxonomies", admin,
               json::value{{"type", "CELLULAR_CARRIER"}, {"value", "verizon"}})
            .status == 409);
  CHECK(f.call("POST", "/api/taxonomies", admin,
               json::value{{"type", "SOURCE"}, {"value", "Verizon"}})
            .status == 201);  // unique per type
  CHECK(f.call("POST", "/api/taxonomies", admin, json::value{{"type", "COLOR"}, {"value", "x"}})
            .status == 400);
  CHECK(f.call("POST", "/api/taxonomies", admin, json::value{{"type", "SOURCE"}}).status == 400);
  CHECK(f.call("POST", "/api/taxonomies", admin, json::value{{"value", "x"}}).status == 400);

  auto updated = f.call("PATCH", "/api/taxonomies/" + id, admin,
                        json::value{{"value", "USM"}, {"active", false}});
  REQUIRE(updated.status == 200);
  CHECK(updated.data().at("value") == "USM");
  CHECK(updated.data().at("active") == false);
  CHECK(f.call("PATCH", "/api/taxonomies/" + id, admin, json::value{{"value", "AT&T"}}).status ==
        409);
  CHECK(f.call("PATCH", "/api/taxonomies/" + id, admin, json::value{{"type", "SOURCE"}}).status ==
        400);
  CHECK(f.call("PATCH", "/api/taxonomies/nope", admin, json::value{{"value", "x"}}).status == 404);
  // Inactive values are listed on request only.
  CHECK(f.call("GET", "/api/taxonomies?type=CELLULAR_CARRIER", admin).data().as_array().size() ==
        3);
  CHECK(f.call("GET", "/api/taxonomies?type=CELLULAR_CARRIER&active=all", admin)
            .data()
            .as_array()
            .size() == 4);
  CHECK(f.call("GET", "/api/taxonomies?type=CELLULAR_CARRIER&active=false", admin)
            .data()
            .as_array()
            .size() == 1);

  auto deleted = f.call("DELETE", "/api/taxonomies/" + id, admin);
  CHECK(deleted.status == 200);
  CHECK(deleted.body.at("success") == true);
  CHECK(f.call("DELETE", "/api/taxonomies/" + id, admin).status == 404);

  // A value an invoice uses cannot be deleted.
  json::value body = simple_body(company(f, "Acme"));
  body.as_object()["carrierId"] = "seed-tx-carrier-att";
  create_invoice(f, admin, body);
  CHECK(f.call("DELETE", "/api/taxonomies/seed-tx-carrier-att", admin).status == 409);
}

TEST_CASE("taxonomy values: active values of one type, lean") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  f.sql("UPDATE taxonomies SET is_active = 0 WHERE id = 'seed-tx-shipping-pickup'");
  auto r = f.call("GET", "/api/taxonomy/values?type=SHIPPING_TYPE", rep_token);
  REQUIRE(r.status == 200);
  REQUIRE(r.data().as_array().size() == 3);
  CHECK(r.data().as_array()[0].as_object() ==
        json::object{{"id", "seed-tx-shipping-ground"}, {"value", "Ground"}});
  CHECK(f.call("GET", "/api/taxonomy/values", rep_token).status == 400);
  CHECK(f.call("GET", "/api/taxonomy/values?type=NOPE", rep_token).status == 400);
}

TEST_CASE("form options: the active reference data of the invoice form") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  f.sql("UPDATE tax_rates SET is_active = 0 WHERE id = 'seed-tax-high'");
  auto r = f.call("GET", "/api/form-options", rep_token);
  REQUIRE(r.status == 200);
  const auto& d = r.data();
  CHECK(d.at("agreementTemplates").as_array().size() == 1);
  CHECK(d.at("agreementTemplates").as_array()[0].at("isDefault") == true);
  CHECK(d.at("taxRates").as_array().size() == 2);
  CHECK(d.at("taxRates").as_array()[1].at("rate") == 6);
  CHECK(d.at("backends").as_array().size() == 3);
  CHECK(d.at("carriers").as_array().size() == 3);
  CHECK(d.at("shippingTypes").as_array().size() == 4);
  CHECK(d.at("paymentTerms").as_array().size() == 4);
  CHECK(d.at("paymentTerms").as_array()[2].at("days") == 30);
  CHECK(d.at("contractTerms").as_array().size() == 4);
  CHECK(d.at("contractTerms").as_array()[1].at("months") == 12);
}

TEST_CASE("settings: upsert, delete, secrets encrypted at rest and hidden from reps") {
  ApiFixture f;
  const auto admin = f.admin_token();
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto set = [&](const std::string& key, json::value value) {
    return f.call("PATCH", "/api/settings", admin, json::value{{"key", key}, {"value", value}});
  };
  REQUIRE(set("alert_email", " Owner@CRM.test ").status == 200);
  REQUIRE(set("qb_realm_id", "1234").status == 200);
  auto secret = set("qb_refresh_token", "rt-very-secret");
  REQUIRE(secret.status == 200);
  CHECK(secret.data().at("isSecret") == true);
  CHECK(secret.data().at("value").is_null());

  const auto stored =
      f.sql("SELECT value, is_secret FROM settings WHERE key = 'qb_refresh_token'").first();
  CHECK(stored.integer("is_secret") == 1);
  CHECK(stored.text("value").find("rt-very-secret") == std::string::npos);
  CHECK(stored.text("value").starts_with("v1:"));

  auto as_admin = f.call("GET", "/api/settings", admin);
  CHECK(as_admin.data().at("alert_email") == "owner@crm.test");
  CHECK(as_admin.data().at("qb_refresh_token") == "rt-very-secret");
  CHECK(as_admin.data().at("qb_realm_id") == "1234");
  auto as_rep = f.call("GET", "/api/settings", rep_token);
  REQUIRE(as_rep.status == 200);
  CHECK(as_rep.data().as_object() == json::object{{"alert_email", "owner@crm.test"}});

  REQUIRE(set("qb_refresh_token", "rotated").status == 200);
  CHECK(f.engine->settings().get("qb_refresh_token") == "rotated");
  REQUIRE(set("qb_realm_id", nullptr).status == 200);
  CHECK_FALSE(f.call("GET", "/api/settings", admin).data().as_object().contains("qb_realm_id"));

  // A secret sealed under another key does not break the page.
  f.sql(
      "INSERT INTO settings (key, value, is_secret, updated_at) VALUES ('old_api_key', "
      "'v1:AAAA', 1, 0)");
  auto unreadable = f.call("GET", "/api/settings", admin);
  REQUIRE(unreadable.status == 200);
  CHECK(unreadable.data().at("old_api_key") == "");

  CHECK(set("alert_email", "not-an-email").status == 400);
  CHECK(set("Bad Key!", "x").status == 400);
  CHECK(set("ok_key", 5).status == 400);
  CHECK(f.call("PATCH", "/api/settings", admin, json::value{{"key", "ok_key"}}).status == 400);
  CHECK(f.call("PATCH", "/api/settings", admin, json::value{{"value", "x"}}).status == 400);
}

TEST_CASE("reference tables: seeded defaults, managed through the library") {
  ApiFixture f;
  f.admin_token();
  auto& ref = f.engine->reference();
  const Actor admin{f.admin_id(), Role::kAdmin};
  const Actor rep{"someone", Role::kRep};
  CHECK(ref.list_tax_rates(ActiveFilter::kAll).size() == 3);
  CHECK(ref.list_payment_terms(ActiveFilter::kAll).size() == 4);
  CHECK(ref.list_contract_terms(ActiveFilter::kAll).size() == 4);
  CHECK(ref.list_agreement_templates(ActiveFilter::kAll).size() == 1);

  ReferenceInput rate;
  rate.name = "City tax";
  rate.value = 4500;  // 4.5 %
  const TaxRate created = ref.create_tax_rate(admin, rate);
  CHECK(created.rate == 4500);
  CHECK_THROWS_AS(ref.create_tax_rate(rep, rate), Error);
  rate.value = 100001;
  CHECK_THROWS_AS(ref.create_tax_rate(admin, rate), Error);
  ReferenceInput off;
  off.is_active = false;
  CHECK_FALSE(ref.update_tax_rate(admin, created.id, off).is_active);
  CHECK(ref.list_tax_rates(ActiveFilter::kActive).size() == 3);
  CHECK_THROWS_AS(ref.update_tax_rate(admin, "nope", off), Error);

  ReferenceInput term;
  term.name = "Net 45";
  term.value = 45;
  CHECK(ref.create_payment_term(admin, term).days == 45);
  term.name = "18 months";
  term.value = 18;
  CHECK(ref.create_contract_term(admin, term).months == 18);

  ReferenceInput tmpl;
  tmpl.name = "Short";
  tmpl.body = "Hello {{firstName}} of {{companyName}}";
  tmpl.is_default = true;
  const AgreementTemplate t = ref.create_agreement_template(admin, tmpl);
  CHECK(t.is_default);
  // One default at a time.
  const auto templates = ref.list_agreement_templates(ActiveFilter::kAll);
  CHECK(std::count_if(templates.begin(), templates.end(),
                      [](const AgreementTemplate& x) { return x.is_default; }) == 1);
  tmpl.body = "Hello {{nickname}}";
  CHECK_THROWS_WITH_AS(ref.create_agreement_template(admin, tmpl),
                       "body uses unknown variables: {{nickname}}", Error);
  // New invoices use the new default.
  json::value body = simple_body(company(f, "Acme"));
  CHECK(create_invoice(f, f.admin_token(), body).at("agreementTemplateId") == json::value(t.id));
}
