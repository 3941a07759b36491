// The pure stage-transition rule (DOMAIN.md §6).
#include <doctest/doctest.h>

#include "core/leads/stage_rule.hpp"

using namespace crm;
using stage_rule::decide;

TEST_CASE("stage rule: same stage is a no-op") {
  for (LeadStage s : kAllStages) {
    const auto d = decide({s, std::string("why")}, s, std::string("other"));
    CHECK(d.no_op);
    CHECK_FALSE(d.cancel_active_runs);
    CHECK_FALSE(d.set_won_at);
    CHECK_FALSE(d.company_to_customer);
    CHECK(d.lost_reason == "why");
  }
}

TEST_CASE("stage rule: moving between open stages changes only the stage") {
  const auto d = decide({LeadStage::kNewLead, std::nullopt}, LeadStage::kQualified, std::string("called"));
  CHECK_FALSE(d.no_op);
  CHECK(d.from == LeadStage::kNewLead);
  CHECK(d.to == LeadStage::kQualified);
  CHECK_FALSE(d.lost_reason);
  CHECK_FALSE(d.cancel_active_runs);
  CHECK(d.cancel_reason.empty());
  CHECK_FALSE(d.set_won_at);
  CHECK_FALSE(d.company_to_customer);
}

TEST_CASE("stage rule: entering WON sets wonAt, moves the company and cancels runs") {
  const auto d = decide({LeadStage::kNegotiating, std::nullopt}, LeadStage::kWon, std::nullopt);
  CHECK(d.set_won_at);
  CHECK(d.company_to_customer);
  CHECK(d.cancel_active_runs);
  CHECK(d.cancel_reason == "stage_won");
  CHECK_FALSE(d.lost_reason);
}

TEST_CASE("stage rule: entering LOST stores the reason and cancels runs") {
  auto d = decide({LeadStage::kContacted, std::nullopt}, LeadStage::kLost, std::string("too expensive"));
  CHECK(d.lost_reason == "too expensive");
  CHECK(d.cancel_active_runs);
  CHECK(d.cancel_reason == "stage_lost");
  CHECK_FALSE(d.set_won_at);
  CHECK_FALSE(d.company_to_customer);

  // Without a reason the stored one (set through a field update) is kept.
  d = decide({LeadStage::kContacted, std::string("set earlier")}, LeadStage::kLost, std::nullopt);
  CHECK(d.lost_reason == "set earlier");
}

TEST_CASE("stage rule: leaving LOST clears the reason") {
  auto d = decide({LeadStage::kLost, std::string("DNC")}, LeadStage::kContacted, std::string("came back"));
  CHECK_FALSE(d.lost_reason);
  CHECK_FALSE(d.cancel_active_runs);
  d = decide({LeadStage::kLost, std::string("DNC")}, LeadStage::kWon, std::nullopt);
  CHECK_FALSE(d.lost_reason);
  CHECK(d.set_won_at);
}

TEST_CASE("stage rule: entering BOGUS cancels runs without touching the company") {
  const auto d = decide({LeadStage::kWon, std::nullopt}, LeadStage::kBogus, std::nullopt);
  CHECK(d.cancel_active_runs);
  CHECK(d.cancel_reason == "stage_bogus");
  CHECK_FALSE(d.set_won_at);
  CHECK_FALSE(d.company_to_customer);
}

TEST_CASE("stage rule: cancel reasons are stage_<lower-case stage>") {
  CHECK(stage_rule::cancel_reason_for(LeadStage::kWon) == "stage_won");
  CHECK(stage_rule::cancel_reason_for(LeadStage::kLost) == "stage_lost");
  CHECK(stage_rule::cancel_reason_for(LeadStage::kBogus) == "stage_bogus");
  for (LeadStage s : kAllStages) {
    const bool closing = s == LeadStage::kWon || s == LeadStage::kLost || s == LeadStage::kBogus;
    CHECK(decide({LeadStage::kNewLead == s ? LeadStage::kContacted : LeadStage::kNewLead, std::nullopt}, s,
                 std::nullopt)
              .cancel_active_runs == closing);
  }
}
