#pragma once
// Writing lead_scores rows inside a caller's write transaction.

#include <string_view>

#include "crm/ports/sql.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::lead_score {

// Recomputes the fit of the lead from its contact and company and upserts its row, keeping the
// engagement already earned (0 for a new row) plus `engagement_bonus` (capped at 50).
void refresh_fit(sql::Connection& conn, const detail::Runtime& rt, std::string_view lead_id,
                 int engagement_bonus = 0);
// The score row of a new lead with `fit` points and no engagement yet.
void insert_new(sql::Connection& conn, const detail::Runtime& rt, std::string_view lead_id,
                int fit);
// refresh_fit for every lead of the contact (its email, phone or verification changed).
void refresh_fit_for_contact(sql::Connection& conn, const detail::Runtime& rt,
                             std::string_view contact_id);

}  // namespace crm::lead_score
