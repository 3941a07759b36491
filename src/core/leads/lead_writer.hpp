#pragma once
// Creating a lead inside a caller's write transaction. Shared by LeadService::create and
// ingestLead, so a lead is born the same way whatever brought it in.

#include <optional>
#include <string>

#include "core/leads/lead_score.hpp"
#include "crm/money.hpp"
#include "crm/ports/sql.hpp"
#include "crm/records.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::lead_writer {

struct NewLeadRow {
  std::string contact_id;
  std::optional<std::string> company_id;
  std::optional<std::string> owner_id;
  LeadStage stage = LeadStage::kNewLead;
  std::optional<std::string> source;
  std::optional<std::string> source_campaign;
  std::optional<std::int64_t> estimated_units;
  std::optional<Cents> estimated_revenue;
};

// Inserts the lead and its LeadScore and logs lead_created {source, stage}; a lead created as
// WON has the effect of entering WON on its company (CUSTOMER). Returns the new id. The caller
// checked visibility and invalidates the dashboard cache. `fit`, when the caller knows the
// contact and company it scores (a bulk import that just wrote them), saves reading them back.
// REQUIRES: `conn` is in a write transaction.
std::string insert(sql::Connection& conn, const detail::Runtime& rt, const NewLeadRow& lead,
                   const std::optional<std::string>& actor_user_id,
                   const std::optional<lead_score::FitInputs>& fit = std::nullopt);

}  // namespace crm::lead_writer
