#include "core/tags/tag_rule.hpp"

#include <algorithm>

namespace crm::tag_rule {
namespace {

constexpr std::string_view kWon = "won";
constexpr std::string_view kDnc = "dnc";

bool supersedes_precall(std::string_view slug) {
  return is_spoke(slug) || slug == kWon || slug == kDnc;
}

}  // namespace

bool is_icp(std::string_view slug) { return slug.starts_with("icp-"); }
bool is_spoke(std::string_view slug) { return slug.starts_with("spoke-"); }

std::vector<Effect> apply(const ApplyFacts& f) {
  std::vector<Effect> out;
  if (f.already_active) return out;
  const std::string_view slug = f.tag.slug;
  const bool dnc = slug == kDnc;
  const bool won = slug == kWon;

  out.emplace_back(LogTagApplied{});  // 2

  if (is_icp(slug) && f.lead.has_company)  // 3
    out.emplace_back(SetCompanyIcp{f.tag.slug, f.tag.name});

  std::vector<std::string> canceled;
  if (supersedes_precall(slug)) {  // 4
    const std::string reason = dnc ? "dnc" : "precall_superseded";
    for (const OpenRun& r : f.open_runs)
      if (r.tag_category == TagCategory::kPrecall) {
        out.emplace_back(CancelRun{r.id, reason});
        canceled.push_back(r.id);
      }
    for (const ActiveTag& t : f.active_tags)
      if (t.category == TagCategory::kPrecall)
        out.emplace_back(RemoveTag{t.slug, "superseded by " + f.tag.slug});
  }

  if (won || dnc)  // 5
    out.emplace_back(PlusVibe{PlusVibe::Kind::kStop});
  else if (is_spoke(slug))
    out.emplace_back(PlusVibe{PlusVibe::Kind::kPause});

  LeadStage stage = f.lead.stage;  // 6
  bool is_dnc = f.lead.is_dnc;
  if (dnc) {
    for (const OpenRun& r : f.open_runs)
      if (std::find(canceled.begin(), canceled.end(), r.id) == canceled.end())
        out.emplace_back(CancelRun{r.id, "dnc"});
    out.emplace_back(SetDnc{true});
    out.emplace_back(ChangeStage{LeadStage::kLost, std::string("DNC")});
    stage = LeadStage::kLost;
    is_dnc = true;
  } else if (won) {
    out.emplace_back(ChangeStage{LeadStage::kWon, std::nullopt});
    stage = LeadStage::kWon;
  }

  const bool run_open = std::any_of(f.open_runs.begin(), f.open_runs.end(), [&](const OpenRun& r) {
    return r.tag_slug == slug &&
           std::find(canceled.begin(), canceled.end(), r.id) == canceled.end();
  });
  if (f.has_active_sequence && !run_open && !is_dnc && is_open_stage(stage))  // 7
    out.emplace_back(StartRun{});

  out.emplace_back(BumpEngagement{});  // 8
  return out;
}

std::vector<Effect> remove(const RemoveFacts& f) {
  std::vector<Effect> out;
  if (f.tag.slug == kDnc) out.emplace_back(SetDnc{false});
  for (const OpenRun& r : f.open_runs)
    if (r.tag_slug == f.tag.slug) out.emplace_back(CancelRun{r.id, "tag_removed"});
  out.emplace_back(LogTagRemoved{});
  return out;
}

}  // namespace crm::tag_rule
