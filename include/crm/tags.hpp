#pragma once
// Tags and their side effects on leads (DOMAIN.md §7).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/patch.hpp"
#include "crm/records.hpp"
#include "crm/reference.hpp"
#include "crm/user.hpp"

namespace crm {

enum class TagCategory { kIcp, kPrecall, kSpoke, kOutcome, kCustom };
std::string_view to_string(TagCategory c);
std::optional<TagCategory> parse_tag_category(std::string_view text);

struct Tag {
  std::string id;
  std::string slug;  // [a-z0-9-]+, unique
  std::string name;
  TagCategory category = TagCategory::kCustom;
  std::optional<std::string> color;
  std::optional<std::string> description;
  std::int64_t sort_order = 0;
  bool is_active = true;
  bool is_system = false;  // seeded; cannot be deleted
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct TagQuery {
  std::optional<TagCategory> category;
  ActiveFilter active = ActiveFilter::kActive;
};

// Create (slug and name required; category is always CUSTOM) and update (slug and category
// are fixed).
struct TagInput {
  std::optional<std::string> slug;
  std::optional<std::string> name;
  Nullable<std::string> color;
  Nullable<std::string> description;
  std::optional<std::int64_t> sort_order;
  std::optional<bool> is_active;
};

// What POST /api/leads/[id]/tags answers: the lead's active tags afterwards, and the run the
// application started (none when the tag was already active or has no active sequence).
struct LeadTagsResult {
  std::vector<TagSummary> tags;
  std::optional<SequenceRunSummary> run;
  bool applied = false;  // false: the tag was already active, nothing was repeated
};

namespace detail {
struct Runtime;
}

// Thread-safe.
class TagService {
 public:
  explicit TagService(detail::Runtime& rt);

  // By sort order, then name.
  std::vector<Tag> list(const TagQuery& query);
  // ADMIN only (kPermissionDenied). kConflict on a duplicate slug.
  Tag create(const Actor& actor, const TagInput& input);
  // ADMIN only.
  Tag update(const Actor& actor, std::string_view id, const TagInput& input);
  // ADMIN only; kPermissionDenied for system tags, kConflict while the tag is active on a lead.
  // The tag's removed applications and its sequence definition go with it.
  void remove(const Actor& actor, std::string_view id);

  // The lead's active tags (the lead must be visible: kNotFound).
  std::vector<TagSummary> lead_tags(const Actor& actor, std::string_view lead_id);
  // Applies the tag with every side effect of DOMAIN.md §7, in one transaction: kNotFound for
  // an unknown tag or invisible lead, kInvalidArgument for an inactive tag. Applying an active
  // tag again changes nothing.
  LeadTagsResult apply(const Actor& actor, std::string_view lead_id, std::string_view tag_slug);
  // Removes an active tag (history kept: removedAt): dnc clears isDnc and lostReason; a run the
  // tag started is canceled (tag_removed). kNotFound when the tag is not active on the lead.
  std::vector<TagSummary> remove_from_lead(const Actor& actor, std::string_view lead_id,
                                           std::string_view tag_slug);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
