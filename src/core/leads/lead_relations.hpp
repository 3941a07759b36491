#pragma once
// Related rows of a set of leads, one statement per relation for the whole set (no N+1).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/records/page_places.hpp"
#include "crm/ports/sql.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm::lead_relations {

// Active tags (not removed) of each lead of the page, by its place in the page; each lead's
// oldest application first (then the tags' sort order and slug).
std::vector<std::vector<TagSummary>> active_tags(sql::Connection& conn,
                                                 const rows::PagePlaces& page);
// The same for one lead.
std::vector<TagSummary> active_tags(sql::Connection& conn, const std::string& lead_id);
std::map<std::string, LeadScore> scores(sql::Connection& conn,
                                        const std::vector<std::string>& lead_ids);
// The earliest open task (rows::task_order) of each lead of the page, by its place in the
// page, of the tasks the actor may see (a REP their own, DOMAIN.md §3).
std::vector<std::optional<Task>> next_open_tasks(sql::Connection& conn, const Actor& actor,
                                                 const rows::PagePlaces& page);

}  // namespace crm::lead_relations
