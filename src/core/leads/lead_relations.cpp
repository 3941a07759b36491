#include "core/leads/lead_relations.hpp"

#include <algorithm>
#include <tuple>

#include "core/records/record_rows.hpp"
#include "core/records/row_reader.hpp"
#include "core/records/visibility.hpp"
#include "core/storage/per_dialect.hpp"

// Each query takes the page's lead ids as one list parameter (Connection::text_list_table or
// in_text_list): one statement text for any page size, so one prepared statement per connection.
// Rows are read in place (Connection::each) and put at their lead's place in the page.
namespace crm::lead_relations {

std::vector<std::vector<TagSummary>> active_tags(sql::Connection& conn,
                                                 const rows::PagePlaces& page) {
  std::vector<std::vector<TagSummary>> out(page.size());
  if (page.empty()) return out;
  // Two statements instead of a join: the page's applications (three columns a row), then each
  // tag they name once. A page repeats a few tags many times, and the join read every tag's
  // five columns again for every application (measured ~40 % more SQLite time). No ORDER BY:
  // SQLite would copy every row into a sorter; a lead's few tags are sorted here.
  struct Applied {
    std::size_t place;
    std::size_t tag;  // index into `tag_ids`
    TimeMs applied_at;
  };
  std::vector<Applied> applied;
  applied.reserve(4 * page.size());  // a few tags per lead; grows past that
  std::map<std::string, std::size_t, std::less<>> tag_index;
  std::vector<std::string> tag_ids;
  const std::string& applied_sql = storage::per_dialect(conn, [](sql::Connection& c) {
    // Driven by the list, each lead's range of the covering index lead_tags_lead_active.
    return "SELECT lt.lead_id, lt.tag_id, lt.applied_at FROM " + c.text_list_table("p") +
           " JOIN lead_tags lt ON lt.lead_id = p.value AND lt.removed_at IS NULL";
  });
  conn.each(applied_sql, std::span(&page.list(), 1), [&](const sql::RowView& r) {
    const auto place = page.place(r.text(0));
    if (!place) return;
    const std::string_view tag_id = r.text(1);
    auto it = tag_index.find(tag_id);
    if (it == tag_index.end()) {
      it = tag_index.emplace(std::string(tag_id), tag_ids.size()).first;
      tag_ids.emplace_back(tag_id);
    }
    applied.push_back({*place, it->second, r.integer(2)});
  });
  if (applied.empty()) return out;

  struct Tag {
    bool found = false;
    std::int64_t sort_order = 0;
    TagSummary summary;
  };
  std::vector<Tag> tags(tag_ids.size());
  const std::string& tags_sql = storage::per_dialect(conn, [](sql::Connection& c) {
    return "SELECT t.id, t.sort_order, t.slug, t.name, t.category, t.color FROM tags t WHERE " +
           c.in_text_list("t.id");
  });
  const sql::Value tag_list = sql::Connection::text_list(tag_ids);
  conn.each(tags_sql, std::span(&tag_list, 1), [&](const sql::RowView& r) {
    const auto it = tag_index.find(r.text(0));
    if (it == tag_index.end()) return;
    Tag& tag = tags[it->second];
    tag.found = true;
    tag.sort_order = r.integer(1);
    tag.summary.id = tag_ids[it->second];
    tag.summary.slug = r.text(2);
    tag.summary.name = r.text(3);
    tag.summary.category = r.text(4);
    if (const auto color = r.opt_text(5)) tag.summary.color.emplace(*color);
  });

  std::sort(applied.begin(), applied.end(), [&](const Applied& a, const Applied& b) {
    return std::tie(a.place, a.applied_at, tags[a.tag].sort_order, tags[a.tag].summary.slug) <
           std::tie(b.place, b.applied_at, tags[b.tag].sort_order, tags[b.tag].summary.slug);
  });
  for (const Applied& a : applied) {
    const Tag& tag = tags[a.tag];
    if (!tag.found) continue;  // not possible with the foreign key; as the join would
    TagSummary& summary = out[a.place].emplace_back(tag.summary);
    summary.applied_at = a.applied_at;
  }
  return out;
}

std::vector<TagSummary> active_tags(sql::Connection& conn, const std::string& lead_id) {
  const std::vector<std::string> ids{lead_id};
  return std::move(active_tags(conn, rows::PagePlaces(ids)).front());
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

std::vector<std::optional<Task>> next_open_tasks(sql::Connection& conn, const Actor& actor,
                                                 const rows::PagePlaces& page) {
  std::vector<std::optional<Task>> out(page.size());
  if (page.empty()) return out;
  // Per lead, the first of its open tasks the actor may see in rows::task_order, which is the
  // order of the index tasks_lead_next (migration 13): a seek and one entry per lead, then that
  // one task's row, fetched by rowid on SQLite (one descent instead of the id index's two) and
  // through a LATERAL subquery on PostgreSQL (the index scan returns the row itself).
  std::vector<sql::Value> params{page.list()};  // the list comes first in the text
  const std::string first_open =
      "FROM tasks n WHERE n.lead_id = p.value AND n.is_completed = 0 AND " +
      visibility::task_condition(actor, "n", params) + " ORDER BY " + rows::task_order("n") +
      ", n.id LIMIT 1";
  const std::string sql = "SELECT " + rows::task_columns("t", "") + " FROM " +
                          conn.text_list_table("p") +
                          (conn.dialect() == sql::Dialect::kPostgres
                               ? " CROSS JOIN LATERAL (SELECT n.* " + first_open + ") t"
                               : " JOIN tasks t ON t.rowid = (SELECT n.rowid " + first_open + ")");
  conn.each(sql, params, [&](const sql::RowView& r) {
    int at = 0;
    Task task = rows::read_task(r, at, "");
    const auto place = page.place(task.lead_id ? std::string_view(*task.lead_id) : "");
    if (place) out[*place] = std::move(task);
  });
  return out;
}

}  // namespace crm::lead_relations
