#include "core/leads/lead_store.hpp"

#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "crm/error.hpp"

namespace crm::lead_store {

std::optional<Lead> find(sql::Connection& conn, std::string_view id) {
  const auto res =
      conn.query("SELECT " + rows::lead_columns("l", "") + " FROM leads l WHERE l.id = ?", id);
  if (res.empty()) return std::nullopt;
  return rows::row_to_lead(res.first(), "");
}

Lead require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                     sql::Lock lock) {
  const auto res = conn.query("SELECT " + rows::lead_columns("l", "") +
                                  ", c.assigned_rep_id AS company_rep_id FROM leads l "
                                  "LEFT JOIN companies c ON c.id = l.company_id WHERE l.id = ?" +
                                  conn.lock_clause(lock, "l"),
                              id);
  if (res.empty()) throw Error::not_found("Lead not found");
  Lead lead = rows::row_to_lead(res.first(), "");
  if (lead.company_id &&
      !visibility::can_see_company_rep(actor, res.first().opt_text("company_rep_id")))
    throw Error::not_found("Lead not found");
  return lead;
}

}  // namespace crm::lead_store
