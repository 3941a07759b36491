#include "core/records/visibility.hpp"

#include "crm/error.hpp"

namespace crm::visibility {

std::string company_condition(const Actor& actor, std::string_view a,
                              std::vector<sql::Value>& params) {
  if (actor.is_admin()) return "1 = 1";
  const std::string alias(a);
  params.emplace_back(actor.user_id);
  return "(" + alias + ".assigned_rep_id IS NULL OR " + alias + ".assigned_rep_id = ?)";
}

std::string optional_company_condition(const Actor& actor, std::string_view company_id_column,
                                       std::string_view a, std::vector<sql::Value>& params) {
  if (actor.is_admin()) return "1 = 1";
  const std::string alias(a);
  params.emplace_back(actor.user_id);
  return "(" + std::string(company_id_column) + " IS NULL OR " + alias +
         ".assigned_rep_id IS NULL OR " + alias + ".assigned_rep_id = ?)";
}

std::string task_condition(const Actor& actor, std::string_view alias,
                           std::vector<sql::Value>& params) {
  if (actor.is_admin()) return "1 = 1";
  params.emplace_back(actor.user_id);
  return std::string(alias) + ".assigned_to_id = ?";
}

bool can_see_company_rep(const Actor& actor, const std::optional<std::string>& rep) {
  return actor.is_admin() || !rep || *rep == actor.user_id;
}

void require_admin(const Actor& actor) {
  if (!actor.is_admin()) throw Error::forbidden("Forbidden");
}

void require_company(sql::Connection& conn, const Actor& actor, std::string_view company_id,
                     std::string_view what, sql::Lock lock) {
  const auto res = conn.query(
      "SELECT c.assigned_rep_id FROM companies c WHERE c.id = ?" + conn.lock_clause(lock, "c"),
      company_id);
  if (res.empty() || !can_see_company_rep(actor, res.first().opt_text("assigned_rep_id")))
    throw Error::not_found(std::string(what) + " not found");
}

std::optional<std::string> require_lead(sql::Connection& conn, const Actor& actor,
                                        std::string_view lead_id) {
  const auto res = conn.query(
      "SELECT l.company_id, c.assigned_rep_id FROM leads l LEFT JOIN companies c ON c.id = "
      "l.company_id "
      "WHERE l.id = ?",
      lead_id);
  if (res.empty()) throw Error::not_found("Lead not found");
  const auto company_id = res.first().opt_text("company_id");
  if (company_id && !can_see_company_rep(actor, res.first().opt_text("assigned_rep_id")))
    throw Error::not_found("Lead not found");
  return company_id;
}

}  // namespace crm::visibility
