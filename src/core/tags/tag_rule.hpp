#pragma once
// Applying and removing a tag (DOMAIN.md §7) as pure functions: given the tag, the lead and
// its open runs and tags, they return the effects to carry out, in the order DOMAIN.md gives.
// The tag service carries them out in one write transaction (core/tags/lead_tags.cpp).
//
// Applying, after the tag was found active (1, checked by the service):
//   2 log tag_applied
//   3 icp-*: the company's icpTag = slug, businessLabel = the tag's name
//   4 spoke-*, won, dnc: cancel the open precall runs, remove the active precall tags
//   5 won/dnc: stop the lead's PlusVibe sequences; other spoke-*: pause them (a job)
//   6 dnc: every other open run canceled (dnc), isDnc, stage LOST (reason DNC); won: stage WON
//   7 an active sequence for the slug: start a run (unless one is open for this lead and tag,
//     or the lead is, after 6, DNC or in a closed stage: the consent check at send time would
//     end it at its first step)
//   8 engagement +5
// Applying a tag that is already active yields nothing.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "crm/records.hpp"
#include "crm/tags.hpp"

namespace crm::tag_rule {

inline constexpr int kEngagementPerTag = 5;

struct TagFacts {
  std::string slug;
  std::string name;
  TagCategory category = TagCategory::kCustom;
};

struct LeadFacts {
  bool has_company = false;
  LeadStage stage = LeadStage::kNewLead;
  bool is_dnc = false;
};

// An active tag of the lead other than the one being applied.
struct ActiveTag {
  std::string slug;
  TagCategory category = TagCategory::kCustom;
};

// An ACTIVE or PAUSED run of the lead, with the category of the tag that started it.
struct OpenRun {
  std::string id;
  std::string tag_slug;
  TagCategory tag_category = TagCategory::kCustom;
};

struct ApplyFacts {
  TagFacts tag;
  LeadFacts lead;
  bool already_active = false;  // the application met an active one (the unique index said so)
  std::vector<ActiveTag> active_tags;
  std::vector<OpenRun> open_runs;
  bool has_active_sequence = false;  // an active definition exists for the slug
};

// ---- effects ----
struct LogTagApplied {};
struct SetCompanyIcp {
  std::string icp_tag;
  std::string business_label;
};
struct CancelRun {
  std::string run_id;
  std::string end_reason;  // precall_superseded, dnc, tag_removed
};
struct RemoveTag {
  std::string slug;  // an active tag of the lead: removedAt set, tag_removed logged
  std::string reason;
};
struct PlusVibe {
  enum class Kind { kStop, kPause } kind = Kind::kPause;
};
struct SetDnc {
  bool value = true;  // false: also clears lostReason
};
struct ChangeStage {
  LeadStage to = LeadStage::kLost;
  std::optional<std::string> reason;
};
struct StartRun {};
struct BumpEngagement {
  int points = kEngagementPerTag;
};
struct LogTagRemoved {};

using Effect = std::variant<LogTagApplied, SetCompanyIcp, CancelRun, RemoveTag, PlusVibe, SetDnc,
                            ChangeStage, StartRun, BumpEngagement, LogTagRemoved>;

std::vector<Effect> apply(const ApplyFacts& facts);

// Removing an active tag (its removedAt is set by the service, which answers kNotFound when it
// was not active): dnc clears isDnc and lostReason; the open run started by this tag is
// canceled (tag_removed); tag_removed is logged.
struct RemoveFacts {
  TagFacts tag;
  std::vector<OpenRun> open_runs;
};
std::vector<Effect> remove(const RemoveFacts& facts);

// Slug families of DOMAIN.md §7.
bool is_icp(std::string_view slug);
bool is_spoke(std::string_view slug);

}  // namespace crm::tag_rule
