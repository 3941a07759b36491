#pragma once
// The stage-transition rule of DOMAIN.md §6, as a pure function: what a move from one stage
// to another must change. stage_change.hpp carries the decision out against the database.

#include <optional>
#include <string>

#include "crm/records.hpp"

namespace crm::stage_rule {

struct LeadState {
  LeadStage stage = LeadStage::kNewLead;
  std::optional<std::string> lost_reason;
};

struct Decision {
  bool no_op = false;  // same stage: nothing changes, no activity
  LeadStage from = LeadStage::kNewLead;
  LeadStage to = LeadStage::kNewLead;
  // The lost_reason column after the move: the reason when entering LOST (the current one
  // when none is given), null when leaving LOST, unchanged otherwise.
  std::optional<std::string> lost_reason;
  bool set_won_at = false;           // entering WON
  bool cancel_active_runs = false;   // entering WON, LOST or BOGUS
  std::string cancel_reason;         // "stage_won" / "stage_lost" / "stage_bogus"
  bool company_to_customer = false;  // entering WON
};

Decision decide(const LeadState& current, LeadStage to, const std::optional<std::string>& reason);

// A lost reason belongs to a LOST lead: kInvalidArgument "lostReason is only allowed when the
// stage is LOST" when `lost_reason` is given for a lead whose stage will be `stage`.
void check_lost_reason(LeadStage stage, const std::optional<std::string>& lost_reason);

// "stage_" + the lower-cased wire name of `to`.
std::string cancel_reason_for(LeadStage to);

}  // namespace crm::stage_rule
