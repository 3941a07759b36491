#pragma once
// Helpers of the invoicing, fulfillment and inventory API tests: seed the records other areas
// own (companies, contacts, leads, addresses) straight into the database, create invoices
// through the API, and read back jobs and activities.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

namespace crm::test::billing {

namespace json = boost::json;

inline std::string new_id(ApiFixture& f) { return f.engine->runtime().new_id(); }

inline std::string company(ApiFixture& f, const std::string& name,
                           const std::optional<std::string>& rep_id = std::nullopt,
                           bool taxable = false) {
  const std::string id = new_id(f);
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO companies (id, name, taxable, assigned_rep_id, created_at, updated_at) VALUES "
      "(?, ?, ?, ?, ?, ?)",
      id, name, taxable, rep_id, now, now);
  return id;
}

inline std::string contact(ApiFixture& f, const std::optional<std::string>& company_id,
                           const std::optional<std::string>& email) {
  const std::string id = new_id(f);
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO contacts (id, company_id, first_name, last_name, full_name, email, "
      "email_normalized, created_at, updated_at) VALUES (?, ?, 'Dana', 'Diner', 'Dana Diner', ?, "
      "?, "
      "?, ?)",
      id, company_id, email, email, now, now);
  f.clock->advance(1);  // creation order decides the primary contact
  return id;
}

inline std::string lead(ApiFixture& f, const std::string& contact_id,
                        const std::optional<std::string>& company_id,
                        const std::string& stage = "NEGOTIATING") {
  const std::string id = new_id(f);
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO leads (id, contact_id, company_id, stage, created_at, updated_at) VALUES (?, ?, "
      "?, ?, ?, ?)",
      id, contact_id, company_id, stage, now, now);
  return id;
}

inline void address(ApiFixture& f, const std::string& company_id, const std::string& type,
                    const std::string& line1, bool default_billing, bool default_shipping) {
  const TimeMs now = f.clock->now_ms();
  f.sql(
      "INSERT INTO addresses (id, company_id, type, address_line1, city, state, zip, notes, "
      "is_default_billing, is_default_shipping, created_at, updated_at) VALUES (?, ?, ?, ?, "
      "'Springfield', 'IL', '62701', 'gate code 1234', ?, ?, ?, ?)",
      new_id(f), company_id, type, line1, default_billing, default_shipping, now, now);
}

// One line: 2 x 50.00.
inline json::value simple_body(const std::string& company_id) {
  return json::value{
      {"companyId", company_id},
      {"lineItems", json::array{json::object{
                        {"description", "POS terminal"}, {"quantity", 2}, {"unitPrice", 50}}}}};
}

// POST /api/invoices; REQUIREs 201; returns the invoice JSON. Advances the clock a second, so
// invoices created one after another list in that order.
inline json::object create_invoice(ApiFixture& f, const std::string& token,
                                   const json::value& body) {
  auto r = f.call("POST", "/api/invoices", token, body);
  INFO(r.raw.body);
  REQUIRE(r.status == 201);
  f.clock->advance(kSecondMs);
  return r.data().as_object();
}

inline std::string id_of(const json::object& o) { return std::string(o.at("id").as_string()); }
inline std::string text_of(const json::value& v, const char* key) {
  return std::string(v.at(key).as_string());
}

inline ApiResult patch_invoice(ApiFixture& f, const std::string& token, const std::string& id,
                               json::object body) {
  return f.call("PATCH", "/api/invoices/" + id, token, json::value(std::move(body)));
}

inline std::int64_t count(ApiFixture& f, const std::string& sql, const std::string& arg) {
  return f.sql(sql, arg).first().integer("n");
}

inline std::int64_t jobs_of_kind(ApiFixture& f, const std::string& kind) {
  return count(f, "SELECT COUNT(*) AS n FROM jobs WHERE kind = ?", kind);
}

inline std::int64_t activities_of_type(ApiFixture& f, const std::string& type) {
  return count(f, "SELECT COUNT(*) AS n FROM activities WHERE type = ?", type);
}

// The payload of the one job of `kind` (REQUIREs exactly one).
inline json::object job_payload(ApiFixture& f, const std::string& kind) {
  const auto res = f.sql("SELECT payload FROM jobs WHERE kind = ?", kind);
  REQUIRE(res.rows.size() == 1);
  return json::parse(res.first().text("payload")).as_object();
}

// The data of the newest activity of `type` (REQUIREs one).
inline json::object activity_data(ApiFixture& f, const std::string& type) {
  const auto res =
      f.sql("SELECT data FROM activities WHERE type = ? ORDER BY created_at DESC, id DESC", type);
  REQUIRE_FALSE(res.empty());
  return json::parse(res.first().text("data")).as_object();
}

inline double number(const json::value& v) {
  return v.is_double() ? v.as_double() : double(v.to_number<std::int64_t>());
}

}  // namespace crm::test::billing
