// CompanyService::get: the company and everything its page shows, in one read transaction with
// one query per relation.
#include "core/companies/address_rows.hpp"
#include "core/companies/company_repo.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/companies.hpp"

namespace crm {
namespace {

std::optional<UserSummary> load_user_summary(sql::Connection& conn,
                                             const std::optional<std::string>& id) {
  if (!id) return std::nullopt;
  const auto res = conn.query(
      "SELECT " + rows::user_summary_columns("u", "") + " FROM users u WHERE u.id = ?", *id);
  if (res.empty()) return std::nullopt;
  return rows::row_to_user_summary(res.first(), "");
}

std::vector<Lead> load_leads(sql::Connection& conn, std::string_view company_id) {
  return conn
      .query("SELECT " + rows::lead_columns("l", "") +
                 " FROM leads l WHERE l.company_id = ? ORDER BY l.created_at DESC, l.id DESC",
             company_id)
      .map([](const sql::Row& r) { return rows::row_to_lead(r, ""); });
}

std::vector<DeviceSummary> load_devices(sql::Connection& conn, std::string_view company_id) {
  return conn
      .query(
          "SELECT id, serial_number, status, model, invoice_id FROM devices "
          "WHERE company_id = ? ORDER BY created_at DESC, id DESC",
          company_id)
      .map([](const sql::Row& r) {
        return DeviceSummary{r.text("id"), r.text("serial_number"), r.text("status"),
                             r.opt_text("model"), r.opt_text("invoice_id")};
      });
}

// Open tasks of the company itself or of any of its leads that the actor may see (a REP their
// own, DOMAIN.md §3).
std::vector<Task> load_open_tasks(sql::Connection& conn, const Actor& actor,
                                  std::string_view company_id) {
  std::vector<sql::Value> params{std::string(company_id), std::string(company_id)};
  const std::string mine = visibility::task_condition(actor, "t", params);
  return conn
      .run("SELECT " + rows::task_columns("t", "") +
               " FROM tasks t WHERE t.is_completed = 0 AND (t.company_id = ? OR t.lead_id IN "
               "(SELECT l.id FROM leads l WHERE l.company_id = ?)) AND " +
               mine + " ORDER BY " + rows::task_order("t") + ", t.id",
           params)
      .map([](const sql::Row& r) { return rows::row_to_task(r, ""); });
}

std::vector<Activity> load_stage_history(sql::Connection& conn, std::string_view lead_id) {
  return conn
      .query("SELECT " + rows::activity_columns("a", "") + ", " +
                 rows::user_summary_columns("u", "u_") +
                 " FROM activities a LEFT JOIN users u ON u.id = a.user_id "
                 "WHERE a.lead_id = ? AND a.type = 'stage_changed' ORDER BY a.created_at, a.id",
             lead_id)
      .map([](const sql::Row& r) { return rows::row_to_activity_with_user(r, "", "u_"); });
}

// The newest open lead (`leads` is newest first), its stage history and its next open task
// (the first of `open_tasks`, which is already in due order, that belongs to it).
std::optional<OpenLeadTimeline> open_lead_timeline(sql::Connection& conn,
                                                   const std::vector<Lead>& leads,
                                                   const std::vector<Task>& open_tasks) {
  for (const Lead& lead : leads) {
    if (!is_open_stage(lead.stage)) continue;
    OpenLeadTimeline timeline{lead, load_stage_history(conn, lead.id), std::nullopt};
    for (const Task& t : open_tasks) {
      if (t.lead_id == lead.id) {
        timeline.next_task = t;
        break;
      }
    }
    return timeline;
  }
  return std::nullopt;
}

}  // namespace

CompanyDetail CompanyService::get(const Actor& actor, std::string_view id) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  CompanyDetail d;
  d.company = company_repo::require_visible(conn, actor, id);
  d.assigned_rep = load_user_summary(conn, d.company.assigned_rep_id);
  d.addresses = address_rows::list(conn, d.company.id);
  d.contacts = contact_store::of_company(conn, d.company.id);
  d.leads = load_leads(conn, d.company.id);
  d.devices = load_devices(conn, d.company.id);
  d.invoices = rows::invoice_summaries(conn, "company_id", d.company.id);
  d.tasks = load_open_tasks(conn, actor, d.company.id);
  d.open_lead_timeline = open_lead_timeline(conn, d.leads, d.tasks);
  return d;
}

}  // namespace crm
