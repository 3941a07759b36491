#pragma once
// changeLeadStage (DOMAIN.md §6): the only code path that moves a lead between stages. Every
// caller (lead PATCH/DELETE, tags, invoices) runs it inside its own write transaction.

#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/records.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm {

// Applies stage_rule::decide to `lead` (as currently stored): updates stage, stageChangedAt,
// lostReason and wonAt, logs stage_changed {from, to, reason}; entering WON/LOST/BOGUS cancels
// the lead's ACTIVE/PAUSED sequence runs (endReason stage_<to>, sequence_ended logged) and
// deletes their open precreated tasks; entering WON
// moves the company (if any) to CUSTOMER. Same stage: returns `lead` unchanged, writes nothing.
// Returns the lead as stored afterwards.
// REQUIRES: `conn` is in a write transaction. The caller invalidates the dashboard cache after
// committing.
Lead change_lead_stage(sql::Connection& conn, const detail::Runtime& rt, const Lead& lead,
                       LeadStage to, const std::optional<std::string>& actor_user_id,
                       const std::optional<std::string>& reason);

// Sets the company's status to CUSTOMER, logging status_changed {from, to} when it changes.
// `lead_id` is recorded on the activity when the move comes from a lead.
// REQUIRES: `conn` is in a write transaction.
void move_company_to_customer(sql::Connection& conn, const detail::Runtime& rt,
                              std::string_view company_id,
                              const std::optional<std::string>& lead_id,
                              const std::optional<std::string>& actor_user_id);

}  // namespace crm
