#include "core/leads/lead_relations.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "core/records/record_rows.hpp"
#include "core/records/row_reader.hpp"
#include "core/records/visibility.hpp"
#include "core/storage/per_dialect.hpp"

// Each query takes the page's lead ids as one list parameter (Connection::in_text_list): one
// statement text for any page size, so one prepared statement per connection. Rows are read in
// place (Connection::each) and put at their lead's place in the page.
namespace crm::lead_relations {

std::vector<std::vector<TagSummary>> active_tags(sql::Connection& conn,
                                                 const rows::PagePlaces& page) {
  std::vector<std::vector<TagSummary>> out(page.size());
  if (page.empty()) return out;
  // No ORDER BY: SQLite would copy every row into a sorter; a lead's few tags are sorted here.
  const std::string& sql = storage::per_dialect(conn, [](sql::Connection& c) {
    return "SELECT lt.lead_id, lt.applied_at, t.sort_order, t.id, t.slug, t.name, t.category, "
           "t.color FROM lead_tags lt JOIN tags t ON t.id = lt.tag_id WHERE lt.removed_at IS NULL "
           "AND " +
           c.in_text_list("lt.lead_id");
  });
  struct Applied {
    std::size_t place;
    std::int64_t sort_order;
    TagSummary tag;
  };
  std::vector<Applied> applied;
  applied.reserve(4 * page.size());  // a few tags per lead; grows past that
  conn.each(sql, std::span(&page.list(), 1), [&](const sql::RowView& r) {
    const auto place = page.place(r.text(0));
    if (!place) return;
    Applied& a = applied.emplace_back(Applied{*place, r.integer(2), {}});
    a.tag.applied_at = r.integer(1);
    a.tag.id = r.text(3);
    a.tag.slug = r.text(4);
    a.tag.name = r.text(5);
    a.tag.category = r.text(6);
    if (const auto color = r.opt_text(7)) a.tag.color.emplace(*color);
  });
  std::sort(applied.begin(), applied.end(), [](const Applied& a, const Applied& b) {
    return std::tie(a.place, a.tag.applied_at, a.sort_order, a.tag.slug) <
           std::tie(b.place, b.tag.applied_at, b.sort_order, b.tag.slug);
  });
  for (Applied& a : applied) out[a.place].push_back(std::move(a.tag));
  return out;
}

std::map<std::string, std::vector<TagSummary>> active_tags(
    sql::Connection& conn, const std::vector<std::string>& lead_ids) {
  std::map<std::string, std::vector<TagSummary>> out;
  auto tags = active_tags(conn, rows::PagePlaces(lead_ids));
  for (std::size_t i = 0; i < tags.size(); ++i)
    if (!tags[i].empty()) out[lead_ids[i]] = std::move(tags[i]);
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

// Places in rows::task_columns of the columns that order tasks and of the lead id.
constexpr int kTaskId = 0, kTaskLeadId = 1, kTaskDueAt = 10, kTaskCreatedAt = 14;

// rows::task_order: dated before undated, then due date, creation, id.
bool task_before(const sql::RowView& r, const Task& best) {
  const auto due = r.opt_integer(kTaskDueAt);
  if (due.has_value() != best.due_at.has_value()) return due.has_value();
  if (due != best.due_at) return *due < *best.due_at;
  const auto created = r.integer(kTaskCreatedAt);
  if (created != best.created_at) return created < best.created_at;
  return r.text(kTaskId) < best.id;
}

}  // namespace

std::vector<std::optional<Task>> next_open_tasks(sql::Connection& conn, const Actor& actor,
                                                 const rows::PagePlaces& page) {
  std::vector<std::optional<Task>> out(page.size());
  if (page.empty()) return out;
  // The open tasks of the leads, unsorted; each lead's first in rows::task_order is kept, and
  // a row is mapped only when it beats the lead's task so far. Neither a window (ROW_NUMBER()
  // OVER (PARTITION BY lead_id)) nor an ORDER BY, nor a correlated LIMIT 1 subquery per lead:
  // SQLite sorts for each of those, which cost more than reading the rows (measured).
  std::vector<sql::Value> params{page.list()};
  const std::string sql =
      storage::per_dialect(conn,
                           [](sql::Connection& c) {
                             return "SELECT " + rows::task_columns("t", "") +
                                    " FROM tasks t WHERE t.is_completed = 0 AND " +
                                    c.in_text_list("t.lead_id") + " AND ";
                           }) +
      visibility::task_condition(actor, "t", params);
  conn.each(sql, params, [&](const sql::RowView& r) {
#ifndef NDEBUG
    if (r.column_name(kTaskId) != "id" || r.column_name(kTaskLeadId) != "lead_id" ||
        r.column_name(kTaskDueAt) != "due_at" || r.column_name(kTaskCreatedAt) != "created_at")
      throw std::logic_error("next_open_tasks: task columns moved");
#endif
    const auto place = page.place(r.text(kTaskLeadId));
    if (!place) return;
    std::optional<Task>& best = out[*place];
    if (best && !task_before(r, *best)) return;
    int at = 0;
    best = rows::read_task(r, at, "");
  });
  return out;
}

}  // namespace crm::lead_relations
