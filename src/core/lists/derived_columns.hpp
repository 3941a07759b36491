#pragma once
// The rules of the derived visibility columns (the triggers of migration 8), as SQL expressions
// over the SQL expression that gives the company id (a column such as "l.company_id", or "?").
// Writers supply them with the rows they insert (migration 10: SQLite's insert triggers then
// leave the row alone); the recount recomputes them from the rows.

#include <string>
#include <string_view>

namespace crm::lists {

// leads.scope: the company's rep, '' for the shared pool (no company, or no rep).
inline std::string lead_scope_of(std::string_view company_id) {
  return "COALESCE((SELECT c.assigned_rep_id FROM companies c WHERE c.id = " +
         std::string(company_id) + "), '')";
}

// leads.in_pipeline: 1 without a company or while the company's status is LEAD.
inline std::string lead_in_pipeline_of(std::string_view company_id) {
  const std::string id(company_id);
  return "CASE WHEN " + id +
         " IS NULL THEN 1 WHEN (SELECT c.status FROM companies c WHERE c.id = " + id +
         ") = 'LEAD' THEN 1 ELSE 0 END";
}

// The same two rules over a company row already joined as `company` (a LEFT JOIN: its columns
// are NULL when there is none), for a lead whose company id is the expression `company_id`.
inline std::string lead_scope_joined(std::string_view company) {
  return "COALESCE(" + std::string(company) + ".assigned_rep_id, '')";
}
inline std::string lead_in_pipeline_joined(std::string_view company_id, std::string_view company) {
  return "CASE WHEN " + std::string(company_id) + " IS NULL THEN 1 WHEN " + std::string(company) +
         ".status = 'LEAD' THEN 1 ELSE 0 END";
}

// activities.scope of an activity on a company: the company's rep ('' for none); '!' for a
// company that does not exist.
inline std::string activity_company_scope_of(std::string_view company_id) {
  return "COALESCE((SELECT COALESCE(c.assigned_rep_id, '') FROM companies c WHERE c.id = " +
         std::string(company_id) + "), '!')";
}

}  // namespace crm::lists
