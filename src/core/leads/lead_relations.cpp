#include "core/leads/lead_relations.hpp"

#include "core/records/record_rows.hpp"

// Each query takes the page's lead ids as one list parameter (Connection::in_text_list): one
// statement text for any page size, so one prepared statement per connection.
namespace crm::lead_relations {

std::map<std::string, std::vector<TagSummary>> active_tags(
    sql::Connection& conn, const std::vector<std::string>& lead_ids) {
  std::map<std::string, std::vector<TagSummary>> out;
  if (lead_ids.empty()) return out;
  const std::string sql =
      "SELECT lt.lead_id, t.id, t.slug, t.name, t.category, t.color, lt.applied_at FROM lead_tags "
      "lt "
      "JOIN tags t ON t.id = lt.tag_id WHERE lt.removed_at IS NULL AND " +
      conn.in_text_list("lt.lead_id") + " ORDER BY lt.applied_at, t.sort_order, t.slug";
  for (const auto& r : conn.query(sql, sql::Connection::text_list(lead_ids)).rows)
    out[r.text("lead_id")].push_back({r.text("id"), r.text("slug"), r.text("name"),
                                      r.text("category"), r.opt_text("color"),
                                      r.integer("applied_at")});
  return out;
}

std::map<std::string, LeadScore> scores(sql::Connection& conn,
                                        const std::vector<std::string>& lead_ids) {
  std::map<std::string, LeadScore> out;
  if (lead_ids.empty()) return out;
  const std::string sql = "SELECT lead_id, fit, engagement, total FROM lead_scores WHERE " +
                          conn.in_text_list("lead_id");
  for (const auto& r : conn.query(sql, sql::Connection::text_list(lead_ids)).rows)
    out[r.text("lead_id")] =
        LeadScore{static_cast<int>(r.integer("fit")), static_cast<int>(r.integer("engagement")),
                  static_cast<int>(r.integer("total"))};
  return out;
}

std::map<std::string, Task> next_open_tasks(sql::Connection& conn,
                                            const std::vector<std::string>& lead_ids) {
  std::map<std::string, Task> out;
  if (lead_ids.empty()) return out;
  // The open tasks of the leads in each lead's order; the first of each lead is kept. Cheaper
  // than ROW_NUMBER() OVER (PARTITION BY lead_id ...): no window, one sort, and the rows past
  // a lead's first are never mapped.
  const std::string sql =
      "SELECT " + rows::task_columns("t", "") + " FROM tasks t WHERE t.is_completed = 0 AND " +
      conn.in_text_list("t.lead_id") + " ORDER BY t.lead_id, " + rows::task_order("t") + ", t.id";
  const auto res = conn.query(sql, sql::Connection::text_list(lead_ids));
  for (const auto& r : res.rows) {
    std::string lead_id = r.text("lead_id");
    if (out.contains(lead_id)) continue;
    Task task = rows::row_to_task(r, "");
    out.emplace(std::move(lead_id), std::move(task));
  }
  return out;
}

}  // namespace crm::lead_relations
