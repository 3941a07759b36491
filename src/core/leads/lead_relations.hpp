#pragma once
// Related rows of a set of leads, one statement per relation for the whole set (no N+1).

#include <map>
#include <string>
#include <vector>

#include "crm/ports/sql.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm::lead_relations {

// Active tags (not removed) per lead, oldest application first.
std::map<std::string, std::vector<TagSummary>> active_tags(
    sql::Connection& conn, const std::vector<std::string>& lead_ids);
std::map<std::string, LeadScore> scores(sql::Connection& conn,
                                        const std::vector<std::string>& lead_ids);
// The earliest open task per lead (dueAt ascending, undated last) of the tasks the actor may see
// (a REP their own, DOMAIN.md §3).
std::map<std::string, Task> next_open_tasks(sql::Connection& conn, const Actor& actor,
                                            const std::vector<std::string>& lead_ids);

}  // namespace crm::lead_relations
