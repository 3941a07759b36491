// Issue #9, defect 3 (and the 1e-300 half of 10): money has one bound whatever its JSON type,
// counts are bounded integers, and sums never overflow into a 500.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

constexpr Cents kMaxCents = 99'999'999'999'999;  // $999,999,999,999.99

struct MoneyWorld {
  ApiFixture f;
  std::string admin = f.admin_token();
  std::string contact = [this] {
    auto r = f.call("POST", "/api/contacts", admin, json::value{{"email", "m@example.com"}});
    REQUIRE(r.status == 201);
    return std::string(r.data().at("id").as_string());
  }();

  ApiResult create_lead(json::object fields) {
    fields["contactId"] = contact;
    return f.call("POST", "/api/leads", admin, json::value(std::move(fields)));
  }
  ApiResult revenue(const json::value& v) { return create_lead({{"estimatedRevenue", v}}); }
  ApiResult units(const json::value& v) { return create_lead({{"estimatedUnits", v}}); }
};

Cents cents_of(const json::value& dollars) {
  return std::llround(dollars.to_number<double>() * 100);
}

bool says_out_of_range(const ApiResult& r, std::string_view field) {
  return r.status == 400 && r.error().starts_with(std::string(field) + " is out of range");
}

// A lead inserted as the old code stored it, amount unchecked.
void insert_legacy_lead(ApiFixture& f, const std::string& contact, Cents revenue) {
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO leads (id, contact_id, stage, estimated_revenue, created_at, updated_at) "
      "VALUES (?, ?, 'QUALIFIED', ?, ?, ?)",
      f.engine->runtime().new_id(), contact, revenue, now, now);
}

}  // namespace

TEST_CASE("money: huge values are out of range as strings and as numbers") {
  MoneyWorld w;
  // Stored as given before: the pipeline then answered 500 "integer overflow".
  CHECK(says_out_of_range(w.revenue("92233720368547758.07"), "estimatedRevenue"));
  CHECK(says_out_of_range(w.revenue("92233720368547758.08"), "estimatedRevenue"));
  CHECK(says_out_of_range(w.revenue("-92233720368547758.08"), "estimatedRevenue"));
  CHECK(says_out_of_range(w.revenue("1e400"), "estimatedRevenue"));
  CHECK(says_out_of_range(w.revenue(json::string(std::string(5000, '9'))), "estimatedRevenue"));
  // The same amounts as JSON numbers get the same answer (before: "must be a number").
  CHECK(says_out_of_range(w.revenue(92233720368547758.07), "estimatedRevenue"));
  CHECK(says_out_of_range(w.revenue(-9.3e18), "estimatedRevenue"));
  CHECK(
      says_out_of_range(w.revenue(std::numeric_limits<std::uint64_t>::max()), "estimatedRevenue"));
  CHECK(says_out_of_range(
      w.f.call("POST", "/api/leads", w.admin,
               R"({"contactId":")" + w.contact + R"(","estimatedRevenue":1e400})"),
      "estimatedRevenue"));
  // The domain bound: $999,999,999,999.99 and not a cent more, whatever the type.
  for (const json::value& over :
       {json::value("1000000000000"), json::value(1000000000000.0), json::value(1'000'000'000'000),
        json::value("999999999999.995"), json::value(-0.01), json::value("-1")})
    CHECK_MESSAGE(says_out_of_range(w.revenue(over), "estimatedRevenue"), json::serialize(over));
  CHECK(w.revenue("lots").error() == "estimatedRevenue must be a number");
  CHECK(w.revenue(true).error() == "estimatedRevenue must be a number");
}

TEST_CASE("money: the largest amount is stored exactly; more decimals round half away from 0") {
  MoneyWorld w;
  for (const json::value& max : {json::value("999999999999.99"), json::value(999999999999.99),
                                 json::value("99999999999999e-2")}) {
    auto r = w.revenue(max);
    REQUIRE(r.status == 201);
    CHECK(cents_of(r.data().at("estimatedRevenue")) == kMaxCents);
  }
  const std::pair<json::value, Cents> cases[] = {
      {json::value("12.345"), 1235}, {json::value("12.3449"), 1234}, {json::value(0.125), 13},
      {json::value(1.005), 101},     {json::value("1e2"), 10000},    {json::value("0"), 0}};
  for (const auto& [in, cents] : cases) {
    auto r = w.revenue(in);
    REQUIRE(r.status == 201);
    CHECK_MESSAGE(cents_of(r.data().at("estimatedRevenue")) == cents, json::serialize(in));
  }
}

TEST_CASE("money: 1e-300 is a number (it rounds to 0)") {
  MoneyWorld w;
  for (const char* body : {R"("estimatedRevenue":1e-300)", R"("estimatedRevenue":"1e-300")",
                           R"("estimatedRevenue":-1e-300)"}) {
    auto r = w.f.call("POST", "/api/leads", w.admin,
                      R"({"contactId":")" + w.contact + R"(",)" + body + "}");
    REQUIRE_MESSAGE(r.status == 201, body, " -> ", r.error());
    CHECK(r.data().at("estimatedRevenue").to_number<double>() == 0);
  }
  // PATCH reads money the same way.
  const std::string id(w.revenue(5).data().at("id").as_string());
  auto r =
      w.f.call("PATCH", "/api/leads/" + id, w.admin, std::string(R"({"estimatedRevenue":1e-300})"));
  CHECK(r.status == 200);
  CHECK(says_out_of_range(
      w.f.call("PATCH", "/api/leads/" + id, w.admin, json::value{{"estimatedRevenue", "1e13"}}),
      "estimatedRevenue"));
}

TEST_CASE("counts: whole numbers from 0 to 1,000,000") {
  MoneyWorld w;
  CHECK(w.units(1'000'000).status == 201);
  CHECK(w.units(0).status == 201);
  CHECK(w.units(12.0).status == 201);
  CHECK(says_out_of_range(w.units(1'000'001), "estimatedUnits"));
  CHECK(says_out_of_range(w.units(-1), "estimatedUnits"));
  CHECK(says_out_of_range(w.units(1e300), "estimatedUnits"));  // was a UB cast
  CHECK(says_out_of_range(w.units(std::numeric_limits<std::uint64_t>::max()), "estimatedUnits"));
  CHECK(w.units(2.5).error() == "estimatedUnits must be an integer");
  CHECK(w.units("5").error() == "estimatedUnits must be an integer");
  const std::string id(w.units(1).data().at("id").as_string());
  CHECK(says_out_of_range(
      w.f.call("PATCH", "/api/leads/" + id, w.admin, json::value{{"estimatedUnits", 2'000'000}}),
      "estimatedUnits"));
}

TEST_CASE("sums: pipeline and dashboard stay exact at the cap and never answer 500") {
  MoneyWorld w;
  constexpr int kLeads = 25;
  for (int i = 0; i < kLeads; ++i)
    REQUIRE(
        w.create_lead({{"estimatedRevenue", "999999999999.99"}, {"stage", "QUALIFIED"}}).status ==
        201);
  auto pipeline = w.f.call("GET", "/api/pipeline", w.admin);
  REQUIRE(pipeline.status == 200);
  const auto& qualified = pipeline.data().at("stages").as_array()[2];
  CHECK(qualified.at("stage") == "QUALIFIED");
  CHECK(cents_of(qualified.at("revenue")) == kLeads * kMaxCents);
  CHECK(cents_of(pipeline.data().at("totals").at("revenue")) == kLeads * kMaxCents);
  auto dashboard = w.f.call("GET", "/api/dashboard", w.admin);
  REQUIRE(dashboard.status == 200);
  CHECK(cents_of(dashboard.data().at("pipeline").as_array()[2].at("revenue")) ==
        kLeads * kMaxCents);
}

TEST_CASE("sums: amounts stored before the bound existed never make a 500") {
  MoneyWorld w;
  // What "92233720368547758.07" stored: SQLite's SUM raised "integer overflow" on the second.
  constexpr Cents kHuge = std::numeric_limits<Cents>::max();
  insert_legacy_lead(w.f, w.contact, kHuge);
  insert_legacy_lead(w.f, w.contact, kHuge);
  insert_legacy_lead(w.f, w.contact, -kHuge);
  auto pipeline = w.f.call("GET", "/api/pipeline", w.admin);
  REQUIRE(pipeline.status == 200);
  CHECK(w.f.call("GET", "/api/dashboard", w.admin).status == 200);
  // The running total passed 2^63 on the way; the sum itself fits and is exact.
  const Pipeline p =
      w.f.engine->pipeline().pipeline(w.f.engine->users().get(w.f.admin_id()).actor());
  CHECK(p.stages[2].revenue == kHuge);
  // Past the Cents range a sum saturates instead of failing.
  insert_legacy_lead(w.f, w.contact, kHuge);
  const Pipeline more =
      w.f.engine->pipeline().pipeline(w.f.engine->users().get(w.f.admin_id()).actor());
  CHECK(more.stages[2].revenue == kHuge);
  CHECK(more.total_revenue == kHuge);
}

TEST_CASE("sums: company lifetimeValue and month-to-date revenue never overflow") {
  MoneyWorld w;
  auto company = w.f.call("POST", "/api/companies", w.admin, json::value{{"name", "Big Spender"}});
  REQUIRE(company.status == 201);
  const std::string company_id(company.data().at("id").as_string());
  const TimeMs now = w.f.clock->now_ms();
  constexpr Cents kHuge = std::numeric_limits<Cents>::max();
  for (int i = 0; i < 3; ++i) {
    const std::string invoice = w.f.engine->runtime().new_id();
    w.f.sql(
        "INSERT INTO invoices (id, number, company_id, status, subtotal, total, amount_paid, "
        "payment_token, created_at, updated_at) VALUES (?, ?, ?, 'PAID', ?, ?, ?, ?, ?, ?)",
        invoice, "INV-" + invoice, company_id, kHuge, kHuge, kHuge, "tok-" + invoice, now, now);
    w.f.sql(
        "INSERT INTO payments (id, invoice_id, amount, method, received_at, created_at) "
        "VALUES (?, ?, ?, 'CASH', ?, ?)",
        w.f.engine->runtime().new_id(), invoice, kHuge, now, now);
  }
  auto list = w.f.call("GET", "/api/companies", w.admin);
  REQUIRE(list.status == 200);
  CHECK(list.data().as_array()[0].at("lifetimeValue").to_number<double>() > 9e16);
  auto dashboard = w.f.call("GET", "/api/dashboard", w.admin);
  REQUIRE(dashboard.status == 200);
  CHECK(dashboard.data().at("mtdRevenue").to_number<double>() > 9e16);
  CHECK(w.f.call("GET", "/api/companies/" + company_id, w.admin).status == 200);
}
