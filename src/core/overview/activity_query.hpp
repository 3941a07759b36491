#pragma once
// The visible-activity query shared by the activity feed and the dashboard.
//
// Visibility (DOMAIN.md §3 applied to the timeline): ADMIN sees every activity. A REP sees an
// activity when the company it concerns is visible — its own company_id, else the company of
// its lead; an activity of a lead without a company is visible like that lead; an activity
// naming neither lead nor company (a user-level event) is visible only to the user who caused it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crm/activity.hpp"
#include "crm/ports/sql.hpp"

namespace crm::overview {

struct ActivityFilter {
  std::optional<std::string> lead_id;     // activity.lead_id
  std::optional<std::string> company_id;  // activity.company_id, or a lead of that company
  std::optional<std::string> type;
};

// Newest first (created_at DESC, id DESC), each with its user summary.
std::vector<Activity> select_visible_activities(sql::Connection& conn, const Actor& actor,
                                                const ActivityFilter& filter, std::int64_t limit,
                                                std::int64_t offset);
std::int64_t count_visible_activities(sql::Connection& conn, const Actor& actor,
                                      const ActivityFilter& filter);

}  // namespace crm::overview
