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

// A SQL condition "the company row `alias` is visible to `actor`", appending the parameters
// it takes to `params` (so build the SQL text and the parameters in the same order). An admin
// gets "1 = 1" and no parameter; a rep "(c.assigned_rep_id IS NULL OR c.assigned_rep_id = ?)":
// two statement texts, each planned for its case, rather than one with a runtime switch.
std::string company_condition(const Actor& actor, std::string_view alias,
                              std::vector<sql::Value>& params);
// The same for a row that may have no company (`company_id_column` NULL -> visible), with its
// company LEFT JOINed as `alias`.
std::string optional_company_condition(const Actor& actor, std::string_view company_id_column,
                                       std::string_view alias, std::vector<sql::Value>& params);

// A SQL condition "the task row `alias` is the actor's to see": a REP sees the tasks assigned to
// them, an ADMIN every task ("1 = 1", no parameter). Appends its parameter to `params`.
std::string task_condition(const Actor& actor, std::string_view alias,
                           std::vector<sql::Value>& params);

// Throws kNotFound (with `what` + " not found") unless the company exists and is visible.
// kForUpdate locks the company row until the transaction ends: writes that keep an invariant
// over a company's children (one default address) serialize on it.
void require_company(sql::Connection& conn, const Actor& actor, std::string_view company_id,
                     std::string_view what = "Company", sql::Lock lock = sql::Lock::kNone);
// Throws kNotFound unless the lead exists and is visible. Returns the lead's company id.
std::optional<std::string> require_lead(sql::Connection& conn, const Actor& actor,
                                        std::string_view lead_id);
bool can_see_company_rep(const Actor& actor, const std::optional<std::string>& assigned_rep_id);
// Throws kPermissionDenied ("Forbidden") unless `actor` is an ADMIN.
void require_admin(const Actor& actor);

}  // namespace crm::visibility
