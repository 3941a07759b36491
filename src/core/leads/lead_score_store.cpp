#include "core/leads/lead_score_store.hpp"

#include "core/leads/lead_score.hpp"
#include "core/records/record_rows.hpp"
#include "core/runtime.hpp"

namespace crm::lead_score {

void refresh_fit(sql::Connection& conn, const detail::Runtime& rt, std::string_view lead_id,
                 int engagement_bonus) {
  const auto res = conn.query(
      "SELECT " + rows::contact_columns("ct", "ct_") +
          ", c.icp_tag AS icp_tag, s.engagement AS engagement FROM leads l "
          "JOIN contacts ct ON ct.id = l.contact_id LEFT JOIN companies c ON c.id = l.company_id "
          "LEFT JOIN lead_scores s ON s.lead_id = l.id WHERE l.id = ?",
      lead_id);
  if (res.empty()) return;
  const auto& row = res.first();
  const auto icp = row.opt_text("icp_tag");
  const int points = fit(fit_inputs(rows::row_to_contact(row, "ct_"), icp && !icp->empty()));
  const LeadScore score =
      make(points, static_cast<int>(row.opt_integer("engagement").value_or(0)) + engagement_bonus);
  conn.query(
      "INSERT INTO lead_scores (lead_id, fit, engagement, total, updated_at) VALUES (?, ?, ?, ?, "
      "?) "
      "ON CONFLICT (lead_id) DO UPDATE SET fit = excluded.fit, engagement = excluded.engagement, "
      "total = excluded.total, updated_at = excluded.updated_at",
      lead_id, score.fit, score.engagement, score.total, rt.now());
}

void insert_new(sql::Connection& conn, const detail::Runtime& rt, std::string_view lead_id,
                int fit) {
  const LeadScore score = make(fit, 0);
  conn.query(
      "INSERT INTO lead_scores (lead_id, fit, engagement, total, updated_at) VALUES (?, ?, ?, ?, "
      "?)",
      lead_id, score.fit, score.engagement, score.total, rt.now());
}

void refresh_fit_for_contact(sql::Connection& conn, const detail::Runtime& rt,
                             std::string_view contact_id) {
  for (const auto& row : conn.query("SELECT id FROM leads WHERE contact_id = ?", contact_id).rows)
    refresh_fit(conn, rt, row.text("id"));
}

}  // namespace crm::lead_score
