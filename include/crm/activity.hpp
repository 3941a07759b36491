#pragma once
// The append-only timeline.

#include <optional>
#include <string>
#include <vector>

#include "crm/pagination.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

struct Activity {
  std::string id;
  std::string type;  // e.g. "stage_changed", exactly as the reference names it
  std::optional<std::string> lead_id;
  std::optional<std::string> company_id;
  std::optional<std::string> user_id;
  std::string data_json = "{}";  // a JSON object
  TimeMs created_at = 0;
  std::optional<UserSummary> user;
};

struct ActivityQuery {
  std::optional<std::string> lead_id;
  std::optional<std::string> company_id;
  PageRequest page;
};

namespace detail {
struct Runtime;
}

// Thread-safe.
class ActivityService {
 public:
  explicit ActivityService(detail::Runtime& rt);
  // Newest first, limited to what the actor can see (DOMAIN.md §3). A lead/company filter
  // naming an invisible record answers kNotFound.
  Page<Activity> list(const Actor& actor, const ActivityQuery& query);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
