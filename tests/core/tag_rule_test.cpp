// The tag rule (DOMAIN.md §7) as data: every step, in order, for each kind of tag.
#include <doctest/doctest.h>

#include "core/tags/tag_rule.hpp"

using namespace crm;
using namespace crm::tag_rule;

namespace {

// One letter per effect, in order: a short picture of what applying does.
std::string kinds(const std::vector<Effect>& effects) {
  std::string out;
  for (const auto& e : effects) {
    if (!out.empty()) out += " ";
    out += std::visit(
        [](const auto& x) -> std::string {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, LogTagApplied>) return "log";
          if constexpr (std::is_same_v<T, SetCompanyIcp>) return "icp";
          if constexpr (std::is_same_v<T, CancelRun>)
            return "cancel:" + x.run_id + ":" + x.end_reason;
          if constexpr (std::is_same_v<T, RemoveTag>) return "untag:" + x.slug;
          if constexpr (std::is_same_v<T, PlusVibe>)
            return x.kind == PlusVibe::Kind::kStop ? "pv-stop" : "pv-pause";
          if constexpr (std::is_same_v<T, SetDnc>) return x.value ? "dnc" : "undnc";
          if constexpr (std::is_same_v<T, ChangeStage>)
            return "stage:" + std::string(to_string(x.to));
          if constexpr (std::is_same_v<T, StartRun>) return "start";
          if constexpr (std::is_same_v<T, BumpEngagement>)
            return "score+" + std::to_string(x.points);
          if constexpr (std::is_same_v<T, LogTagRemoved>) return "log-removed";
          return "?";
        },
        e);
  }
  return out;
}

ApplyFacts facts(std::string slug, TagCategory category, std::string name = "Name") {
  ApplyFacts f;
  f.tag = {std::move(slug), std::move(name), category};
  f.lead = {true, LeadStage::kContacted, false};
  return f;
}

ApplyFacts with_precall_history(ApplyFacts f) {
  f.active_tags = {{"no-answer", TagCategory::kPrecall}, {"icp-retail", TagCategory::kIcp}};
  f.open_runs = {{"r-precall", "no-answer", TagCategory::kPrecall},
                 {"r-info", "spoke-send-info", TagCategory::kSpoke}};
  return f;
}

}  // namespace

TEST_CASE("tag rule: an active tag applied again does nothing") {
  auto f = with_precall_history(facts("dnc", TagCategory::kOutcome));
  f.already_active = true;
  CHECK(apply(f).empty());
}

TEST_CASE("tag rule: a custom tag logs and scores") {
  CHECK(kinds(apply(facts("hot", TagCategory::kCustom))) == "log score+5");
}

TEST_CASE("tag rule: icp-* labels the company with the tag's slug and name") {
  const auto effects = apply(facts("icp-retail", TagCategory::kIcp, "Retail"));
  CHECK(kinds(effects) == "log icp score+5");
  const auto& icp = std::get<SetCompanyIcp>(effects[1]);
  CHECK(icp.icp_tag == "icp-retail");
  CHECK(icp.business_label == "Retail");
  auto no_company = facts("icp-retail", TagCategory::kIcp);
  no_company.lead.has_company = false;
  CHECK(kinds(apply(no_company)) == "log score+5");
  // The icp- prefix decides, whatever the category (an admin's custom ICP tag).
  CHECK(kinds(apply(facts("icp-bakery", TagCategory::kCustom))) == "log icp score+5");
}

TEST_CASE("tag rule: spoke-* supersedes precall runs and tags and pauses PlusVibe") {
  CHECK(kinds(apply(with_precall_history(facts("spoke-interested", TagCategory::kSpoke)))) ==
        "log cancel:r-precall:precall_superseded untag:no-answer pv-pause score+5");
}

TEST_CASE("tag rule: spoke-send-info also starts its own sequence") {
  auto f = with_precall_history(facts("spoke-send-info", TagCategory::kSpoke));
  f.open_runs.pop_back();  // no open run of its own
  f.has_active_sequence = true;
  CHECK(kinds(apply(f)) ==
        "log cancel:r-precall:precall_superseded untag:no-answer pv-pause start score+5");
  // ... unless one is open already.
  f = with_precall_history(facts("spoke-send-info", TagCategory::kSpoke));
  f.has_active_sequence = true;
  CHECK(kinds(apply(f)) ==
        "log cancel:r-precall:precall_superseded untag:no-answer pv-pause score+5");
}

TEST_CASE("tag rule: won supersedes precall, stops PlusVibe, moves to WON, starts nothing") {
  auto f = with_precall_history(facts("won", TagCategory::kOutcome));
  f.has_active_sequence = true;
  CHECK(kinds(apply(f)) ==
        "log cancel:r-precall:precall_superseded untag:no-answer pv-stop stage:WON score+5");
}

TEST_CASE("tag rule: dnc ends every run, marks the lead and moves it to LOST with reason DNC") {
  const auto effects = apply(with_precall_history(facts("dnc", TagCategory::kOutcome)));
  CHECK(
      kinds(effects) ==
      "log cancel:r-precall:dnc untag:no-answer pv-stop cancel:r-info:dnc dnc stage:LOST score+5");
  const auto& stage = std::get<ChangeStage>(effects[6]);
  CHECK(stage.reason == std::optional<std::string>("DNC"));
}

TEST_CASE("tag rule: precall tags start their sequence when the lead may be contacted") {
  auto f = facts("no-answer", TagCategory::kPrecall);
  CHECK(kinds(apply(f)) == "log score+5");  // no active definition
  f.has_active_sequence = true;
  CHECK(kinds(apply(f)) == "log start score+5");
  // Precall tags do not supersede each other.
  f.active_tags = {{"left-voicemail", TagCategory::kPrecall}};
  f.open_runs = {{"r-vm", "left-voicemail", TagCategory::kPrecall}};
  CHECK(kinds(apply(f)) == "log start score+5");
  // An open run of this tag already.
  f.open_runs = {{"r-na", "no-answer", TagCategory::kPrecall}};
  CHECK(kinds(apply(f)) == "log score+5");
  f.open_runs.clear();
  // DNC or closed leads: the consent check would end the run at once.
  f.lead.is_dnc = true;
  CHECK(kinds(apply(f)) == "log score+5");
  f.lead.is_dnc = false;
  for (LeadStage closed : {LeadStage::kWon, LeadStage::kLost, LeadStage::kBogus}) {
    f.lead.stage = closed;
    CHECK(kinds(apply(f)) == "log score+5");
  }
  f.lead.stage = LeadStage::kNegotiating;
  CHECK(kinds(apply(f)) == "log start score+5");
}

TEST_CASE("tag rule: removal") {
  RemoveFacts r{{"dnc", "Do Not Contact", TagCategory::kOutcome}, {}};
  CHECK(kinds(remove(r)) == "undnc log-removed");
  r = {{"no-answer", "No Answer", TagCategory::kPrecall},
       {{"r1", "no-answer", TagCategory::kPrecall},
        {"r2", "left-voicemail", TagCategory::kPrecall}}};
  CHECK(kinds(remove(r)) == "cancel:r1:tag_removed log-removed");
  r = {{"hot", "Hot", TagCategory::kCustom}, {}};
  CHECK(kinds(remove(r)) == "log-removed");
}
