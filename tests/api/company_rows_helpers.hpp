#pragma once
// Helpers of the companies / addresses / notes API tests: create companies through the API and
// insert the related rows other areas own (contacts, leads, invoices, activities, tasks,
// devices) straight into the database, so these tests do not depend on those endpoints.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

namespace crm::test::company_rows {

namespace json = boost::json;

// POST /api/companies; REQUIREs 201 and returns the id.
inline std::string create(ApiFixture& f, const std::string& token, json::object body) {
  auto r = f.call("POST", "/api/companies", token, json::value(std::move(body)));
  REQUIRE(r.status == 201);
  return std::string(r.data().at("id").as_string());
}

// A company assigned to `rep_id` (empty: the shared pool), created by the admin.
inline std::string create_named(ApiFixture& f, const std::string& name,
                                const std::string& rep_id = "") {
  json::object body{{"name", name}};
  if (!rep_id.empty()) body["assignedRepId"] = rep_id;
  return create(f, f.admin_token(), std::move(body));
}

inline std::string new_id(ApiFixture& f) { return f.engine->runtime().new_id(); }

inline std::string insert_contact(ApiFixture& f, const std::optional<std::string>& company_id,
                                  const std::string& first, TimeMs created_at) {
  const std::string id = new_id(f);
  f.sql("INSERT INTO contacts (id, company_id, first_name, last_name, full_name, email, created_at, "
       "updated_at) "
       "VALUES (?, ?, ?, 'Doe', ?, ?, ?, ?)",
       id, company_id, first, first + " Doe", first + "@" + id + ".example.com", created_at,
       created_at);
  return id;
}

inline std::string insert_lead(ApiFixture& f, const std::string& contact_id,
                               const std::optional<std::string>& company_id,
                               const std::string& stage, TimeMs created_at) {
  const std::string id = new_id(f);
  f.sql("INSERT INTO leads (id, contact_id, company_id, stage, created_at, updated_at) VALUES (?, "
       "?, ?, ?, ?, ?)",
       id, contact_id, company_id, stage, created_at, created_at);
  return id;
}

inline std::string insert_invoice(ApiFixture& f, const std::string& company_id,
                                  const std::string& status, Cents total, Cents amount_paid,
                                  TimeMs created_at,
                                  const std::optional<std::string>& lead_id = std::nullopt) {
  const std::string id = new_id(f);
  f.sql("INSERT INTO invoices (id, number, company_id, lead_id, status, subtotal, total, "
       "amount_paid, payment_token, "
       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
       id, "INV-" + id, company_id, lead_id, status, total, total, amount_paid, "tok-" + id,
       created_at, created_at);
  return id;
}

inline std::string insert_activity(ApiFixture& f, const std::string& type,
                                   const std::optional<std::string>& lead_id,
                                   const std::optional<std::string>& company_id, TimeMs created_at,
                                   const std::string& data = "{}") {
  const std::string id = new_id(f);
  f.sql("INSERT INTO activities (id, type, lead_id, company_id, data, created_at) VALUES (?, ?, ?, "
       "?, ?, ?)",
       id, type, lead_id, company_id, data, created_at);
  return id;
}

inline std::string insert_task(ApiFixture& f, const std::string& title,
                               const std::optional<std::string>& lead_id,
                               const std::optional<std::string>& company_id,
                               std::optional<TimeMs> due_at, bool completed = false) {
  const std::string id = new_id(f);
  const TimeMs now = f.clock->now_ms();
  f.sql("INSERT INTO tasks (id, lead_id, company_id, title, due_at, is_completed, created_at, "
       "updated_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
       id, lead_id, company_id, title, due_at, completed, now, now);
  return id;
}

inline std::string insert_device(ApiFixture& f, const std::string& company_id,
                                 const std::string& serial) {
  const std::string id = new_id(f);
  const TimeMs now = f.clock->now_ms();
  f.sql("INSERT INTO devices (id, serial_number, company_id, model, status, created_at, updated_at) "
       "VALUES (?, ?, ?, 'X1', 'ACTIVE', ?, ?)",
       id, serial, company_id, now, now);
  return id;
}

struct ActivityRow {
  std::string type;
  std::optional<std::string> lead_id;
  std::optional<std::string> company_id;
  std::optional<std::string> user_id;
  json::value data;
};

// Activities of one type, oldest first.
inline std::vector<ActivityRow> activities(ApiFixture& f, const std::string& type) {
  auto tx = f.engine->runtime().db->read();
  std::vector<ActivityRow> out;
  for (const auto& r :
       tx->query("SELECT type, lead_id, company_id, user_id, data FROM activities WHERE type = ? "
                 "ORDER BY created_at, id",
                 type)
           .rows)
    out.push_back({r.text("type"), r.opt_text("lead_id"), r.opt_text("company_id"),
                   r.opt_text("user_id"), json::parse(r.text("data"))});
  return out;
}

inline std::vector<std::string> ids_of(const json::value& array) {
  std::vector<std::string> out;
  for (const auto& item : array.as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

}  // namespace crm::test::company_rows
