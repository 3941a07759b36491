#include "core/leads/stage_rule.hpp"

#include "core/util/text.hpp"
#include "crm/error.hpp"

namespace crm::stage_rule {

std::string cancel_reason_for(LeadStage to) { return "stage_" + text::lower(to_string(to)); }

void check_lost_reason(LeadStage stage, const std::optional<std::string>& lost_reason) {
  if (lost_reason && stage != LeadStage::kLost)
    throw Error::invalid("lostReason is only allowed when the stage is LOST");
}

Decision decide(const LeadState& current, LeadStage to, const std::optional<std::string>& reason) {
  Decision d;
  d.from = current.stage;
  d.to = to;
  d.lost_reason = current.lost_reason;
  if (current.stage == to) {
    d.no_op = true;
    return d;
  }
  if (to == LeadStage::kLost) {
    if (reason) d.lost_reason = reason;
  } else if (current.stage == LeadStage::kLost) {
    d.lost_reason.reset();
  }
  const bool closing = to == LeadStage::kWon || to == LeadStage::kLost || to == LeadStage::kBogus;
  d.cancel_active_runs = closing;
  if (closing) d.cancel_reason = cancel_reason_for(to);
  d.set_won_at = to == LeadStage::kWon;
  d.company_to_customer = to == LeadStage::kWon;
  return d;
}

}  // namespace crm::stage_rule
