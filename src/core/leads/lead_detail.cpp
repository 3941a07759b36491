// LeadService::get: the lead with everything its page shows.
#include "core/contacts/contact_store.hpp"
#include "core/leads/lead_relations.hpp"
#include "core/leads/lead_store.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"

namespace crm {
namespace {

constexpr int kDetailActivities = 50;

// The lead's open tasks the actor may see (a REP their own, DOMAIN.md §3).
std::vector<Task> open_tasks(sql::Connection& conn, const Actor& actor,
                             const std::string& lead_id) {
  std::vector<sql::Value> params{lead_id};
  const std::string mine = visibility::task_condition(actor, "t", params);
  return conn
      .run("SELECT " + rows::task_columns("t", "") +
               " FROM tasks t WHERE t.lead_id = ? AND t.is_completed = 0 AND " + mine +
               " ORDER BY " + rows::task_order("t") + ", t.id",
           params)
      .map([](const sql::Row& r) { return rows::row_to_task(r, ""); });
}

std::vector<Activity> newest_activities(sql::Connection& conn, const std::string& lead_id) {
  return conn
      .query("SELECT " + rows::activity_columns("a", "a_") + ", " +
                 rows::user_summary_columns("u", "u_") +
                 " FROM activities a LEFT JOIN users u ON u.id = a.user_id WHERE a.lead_id = ? "
                 "ORDER BY a.created_at DESC, a.id DESC LIMIT ?",
             lead_id, kDetailActivities)
      .map([](const sql::Row& r) { return rows::row_to_activity_with_user(r, "a_", "u_"); });
}

std::vector<SequenceRunSummary> active_runs(sql::Connection& conn, const std::string& lead_id) {
  return conn
      .query(
          "SELECT id, tag_slug, status, current_step, next_run_at, started_at FROM sequence_runs "
          "WHERE lead_id = ? AND status IN ('ACTIVE', 'PAUSED') ORDER BY started_at, id",
          lead_id)
      .map([](const sql::Row& r) {
        return SequenceRunSummary{r.text("id"),
                                  r.text("tag_slug"),
                                  r.text("status"),
                                  static_cast<int>(r.integer("current_step")),
                                  r.opt_integer("next_run_at"),
                                  r.integer("started_at")};
      });
}

}  // namespace

LeadDetail LeadService::get(const Actor& actor, std::string_view id) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  LeadDetail d;
  d.lead = lead_store::require_visible(conn, actor, id);
  auto contact = contact_store::find(conn, d.lead.contact_id);
  if (!contact) throw Error::internal("Lead has no contact");
  d.contact = std::move(*contact);
  if (d.lead.company_id) {
    const auto res =
        conn.query("SELECT " + rows::company_columns("c", "") + " FROM companies c WHERE c.id = ?",
                   *d.lead.company_id);
    if (!res.empty()) d.company = rows::row_to_company(res.first(), "");
  }
  const std::vector<std::string> ids{d.lead.id};
  d.tags = lead_relations::active_tags(conn, d.lead.id);
  if (auto scores = lead_relations::scores(conn, ids); !scores.empty())
    d.score = scores.begin()->second;
  d.open_tasks = open_tasks(conn, actor, d.lead.id);
  d.activities = newest_activities(conn, d.lead.id);
  d.active_runs = active_runs(conn, d.lead.id);
  d.invoices = rows::invoice_summaries(conn, "lead_id", d.lead.id);
  return d;
}

}  // namespace crm
