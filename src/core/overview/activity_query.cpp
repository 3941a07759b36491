#include "core/overview/activity_query.hpp"

#include "core/lists/list_counts.hpp"
#include "core/lists/page_ids.hpp"
#include "core/records/record_rows.hpp"

// Visibility through activities.scope (migration 8: the rep who sees the activity's company,
// '' for everyone, "user:<id>" for its user alone), so a rep's feed is a few index ranges and
// its total a few list_counts rows, not a walk over the rep's whole history.
namespace crm::overview {
namespace {

struct Clause {
  std::string sql;  // conditions joined by AND, or empty
  std::vector<sql::Value> params;
  void add(const std::string& condition) { sql += (sql.empty() ? "" : " AND ") + condition; }
};

// The lead/company/type filters on alias `a`.
Clause filter_clause(const ActivityFilter& f) {
  Clause out;
  if (f.lead_id) {
    out.add("a.lead_id = ?");
    out.params.emplace_back(*f.lead_id);
  }
  if (f.company_id) {
    out.add("(a.company_id = ? OR a.lead_id IN (SELECT id FROM leads WHERE company_id = ?))");
    out.params.emplace_back(*f.company_id);
    out.params.emplace_back(*f.company_id);
  }
  if (f.type) {
    out.add("a.type = ?");
    out.params.emplace_back(*f.type);
  }
  return out;
}

// A lead's or company's timeline is small: it is filtered row by row.
bool of_one_record(const ActivityFilter& f) { return f.lead_id || f.company_id; }

std::string select_with_user() {
  return "SELECT " + rows::activity_columns("a", "a_") + ", " +
         rows::user_summary_columns("u", "u_") +
         " FROM activities a LEFT JOIN users u ON u.id = a.user_id";
}

Activity to_activity(const sql::Row& r) { return rows::row_to_activity_with_user(r, "a_", "u_"); }

}  // namespace

std::vector<Activity> select_visible_activities(sql::Connection& conn, const Actor& actor,
                                                const ActivityFilter& filter, std::int64_t limit,
                                                std::int64_t offset) {
  const lists::Scopes scopes = lists::activity_scopes(actor);
  const Clause filters = filter_clause(filter);
  if (of_one_record(filter)) {
    std::vector<sql::Value> params = filters.params;
    const std::string sql = select_with_user() + " WHERE " + filters.sql + " AND " +
                            lists::scope_condition("a.scope", scopes, params) +
                            " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?";
    params.emplace_back(limit);
    params.emplace_back(offset);
    return conn.run(sql, params).map(to_activity);
  }
  const auto ids = lists::page_ids(conn, {"activities a", "a.id", "a.created_at", "a.scope", scopes,
                                          filters.sql, filters.params, limit, offset});
  if (ids.empty()) return {};
  return lists::in_page_order(ids,
                              conn.query(select_with_user() + " WHERE " + conn.in_text_list("a.id"),
                                         sql::Connection::text_list(ids))
                                  .map(to_activity),
                              [](const Activity& a) { return a.id; });
}

std::int64_t count_visible_activities(sql::Connection& conn, const Actor& actor,
                                      const ActivityFilter& filter) {
  const lists::Scopes scopes = lists::activity_scopes(actor);
  if (!of_one_record(filter)) return lists::total(conn, "activities", scopes, filter.type);
  const Clause filters = filter_clause(filter);
  std::vector<sql::Value> params = filters.params;
  const std::string sql = "SELECT COUNT(*) AS n FROM activities a WHERE " + filters.sql + " AND " +
                          lists::scope_condition("a.scope", scopes, params);
  return conn.run(sql, params).first().integer("n");
}

}  // namespace crm::overview
