#include "core/leads/lead_relations.hpp"

#include "core/records/record_rows.hpp"
#include "core/records/row_reader.hpp"
#include "core/records/visibility.hpp"

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
  auto res = conn.query(sql, sql::Connection::text_list(lead_ids));
  for (auto& row : res.rows) {
    const rows::Taker r{row, ""};
    auto& tags = out[r.text("lead_id")];
    TagSummary& tag = tags.emplace_back();
    tag.id = r.text("id");
    tag.slug = r.text("slug");
    tag.name = r.text("name");
    tag.category = r.text("category");
    tag.color = r.opt("color");
    tag.applied_at = r.integer("applied_at");
  }
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

namespace {

// rows::task_order: dated before undated, then due date, creation, id.
bool task_before(const sql::Row& a, const sql::Row& b) {
  const auto due_a = a.opt_integer("due_at"), due_b = b.opt_integer("due_at");
  if (due_a.has_value() != due_b.has_value()) return due_a.has_value();
  if (due_a != due_b) return *due_a < *due_b;
  const auto created_a = a.integer("created_at"), created_b = b.integer("created_at");
  if (created_a != created_b) return created_a < created_b;
  return a.text("id") < b.text("id");
}

}  // namespace

std::map<std::string, Task> next_open_tasks(sql::Connection& conn, const Actor& actor,
                                            const std::vector<std::string>& lead_ids) {
  std::map<std::string, Task> out;
  if (lead_ids.empty()) return out;
  // The open tasks of the leads, unsorted; each lead's first in rows::task_order is picked
  // here and only it is mapped. Neither a window (ROW_NUMBER() OVER (PARTITION BY lead_id))
  // nor an ORDER BY: SQLite would sort every open task's whole row to keep one per lead.
  std::vector<sql::Value> params{sql::Connection::text_list(lead_ids)};
  const std::string sql =
      "SELECT " + rows::task_columns("t", "") + " FROM tasks t WHERE t.is_completed = 0 AND " +
      conn.in_text_list("t.lead_id") + " AND " + visibility::task_condition(actor, "t", params);
  auto res = conn.run(sql, params);
  std::map<std::string, sql::Row*> first;
  for (auto& r : res.rows) {
    sql::Row*& best = first[r.text("lead_id")];
    if (!best || task_before(r, *best)) best = &r;
  }
  for (auto& [lead_id, row] : first) out.emplace(lead_id, rows::take_task(*row, ""));
  return out;
}

}  // namespace crm::lead_relations
