#include "core/companies/company_repo.hpp"

#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "crm/error.hpp"

namespace crm::company_repo {

Company require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock) {
  const auto res = conn.query("SELECT " + rows::company_columns("c", "") +
                                  " FROM companies c WHERE c.id = ?" + conn.lock_clause(lock, "c"),
                              id);
  if (res.empty()) throw Error::not_found("Company not found");
  Company company = rows::row_to_company(res.first(), "");
  if (!visibility::can_see_company_rep(actor, company.assigned_rep_id))
    throw Error::not_found("Company not found");
  return company;
}

void require_active_user(sql::Connection& conn, std::string_view user_id) {
  if (conn.query("SELECT id FROM users WHERE id = ? AND is_active = 1", user_id).empty())
    throw Error::invalid("assignedRepId must be an active user");
}

const std::string& open_stages_in_list() {
  static const std::string list = [] {
    std::string out;
    for (LeadStage s : kAllStages) {
      if (!is_open_stage(s)) continue;
      if (!out.empty()) out += ", ";
      out.append("'").append(to_string(s)).append("'");
    }
    return out;
  }();
  return list;
}

}  // namespace crm::company_repo
