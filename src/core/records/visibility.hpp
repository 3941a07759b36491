#pragma once
// Visibility of company-scoped records (DOMAIN.md §3), in one place.
//
// ADMIN sees everything. A REP sees a company when it is assigned to them or to nobody (the
// shared pool); a lead when its company is visible or it has none; contacts, notes,
// addresses, invoices and devices follow their company.

#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/user.hpp"

namespace crm::visibility {

// A SQL condition on a company table alias, with the one parameter it needs appended by
// `bind_company`: "(? = 1 OR c.assigned_rep_id IS NULL OR c.assigned_rep_id = ?)" style.
// Use: sql += " AND " + company_condition("c"); then push the params from company_params().
std::string company_condition(std::string_view alias);
// The same for a row that may have no company: the LEFT JOINed alias is NULL -> visible.
std::string optional_company_condition(std::string_view company_id_column, std::string_view alias);
// The parameters both conditions take, in order.
void append_params(std::vector<sql::Value>& params, const Actor& actor);

// Throws kNotFound (with `what` + " not found") unless the company exists and is visible.
void require_company(sql::Connection& conn, const Actor& actor, std::string_view company_id,
                     std::string_view what = "Company");
// Throws kNotFound unless the lead exists and is visible. Returns the lead's company id.
std::optional<std::string> require_lead(sql::Connection& conn, const Actor& actor,
                                        std::string_view lead_id);
bool can_see_company_rep(const Actor& actor, const std::optional<std::string>& assigned_rep_id);

}  // namespace crm::visibility
