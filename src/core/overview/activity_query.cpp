#include "core/overview/activity_query.hpp"

#include "core/records/record_rows.hpp"

namespace crm::overview {
namespace {

struct Clause {
  std::string sql;
  std::vector<sql::Value> params;
};

// " AND ..." for the lead/company/type filters on alias `a`.
Clause filter_clause(const ActivityFilter& f) {
  Clause out;
  if (f.lead_id) {
    out.sql += " AND a.lead_id = ?";
    out.params.emplace_back(*f.lead_id);
  }
  if (f.company_id) {
    out.sql +=
        " AND (a.company_id = ? OR a.lead_id IN (SELECT id FROM leads WHERE company_id = ?))";
    out.params.emplace_back(*f.company_id);
    out.params.emplace_back(*f.company_id);
  }
  if (f.type) {
    out.sql += " AND a.type = ?";
    out.params.emplace_back(*f.type);
  }
  return out;
}

// The condition of visibility::company_condition for a REP; its parameter (the rep's id) is
// added by the caller, which lists the parameters of the whole statement in order.
std::string rep_company_condition(std::string_view alias) {
  const std::string a(alias);
  return "(" + a + ".assigned_rep_id IS NULL OR " + a + ".assigned_rep_id = ?)";
}

void append(std::vector<sql::Value>& to, const std::vector<sql::Value>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// Per-row visibility (see the header) over "activities a" plus these joins. Admins skip the
// joins: they would only cost a lookup per row.
struct RowVisibility {
  std::string joins;
  Clause condition;  // " AND ..."
};

RowVisibility row_visibility(const Actor& actor) {
  RowVisibility out;
  if (actor.is_admin()) return out;
  out.joins =
      " LEFT JOIN leads al ON al.id = a.lead_id"
      " LEFT JOIN companies vc ON vc.id = COALESCE(a.company_id, al.company_id)";
  out.condition.sql =
      " AND CASE WHEN COALESCE(a.company_id, al.company_id) IS NOT NULL THEN vc.id IS NOT NULL "
      "AND " +
      rep_company_condition("vc") +
      " WHEN a.lead_id IS NOT NULL THEN al.id IS NOT NULL ELSE a.user_id = ? END";
  out.condition.params.emplace_back(actor.user_id);
  out.condition.params.emplace_back(actor.user_id);
  return out;
}

}  // namespace

std::vector<Activity> select_visible_activities(sql::Connection& conn, const Actor& actor,
                                                const ActivityFilter& filter, std::int64_t limit,
                                                std::int64_t offset) {
  const RowVisibility vis = row_visibility(actor);
  const Clause filters = filter_clause(filter);
  std::vector<sql::Value> params = vis.condition.params;
  append(params, filters.params);
  params.emplace_back(limit);
  params.emplace_back(offset);
  const auto res = conn.run("SELECT " + rows::activity_columns("a", "a_") + ", " +
                                rows::user_summary_columns("u", "u_") +
                                " FROM activities a LEFT JOIN users u ON u.id = a.user_id" +
                                vis.joins + " WHERE 1 = 1" + vis.condition.sql + filters.sql +
                                " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
                            params);
  return res.map([](const sql::Row& r) { return rows::row_to_activity_with_user(r, "a_", "u_"); });
}

// A REP's unfiltered count is the sum of the three disjoint cases of the visibility rule, each
// driven by an index (visible companies -> activities_company_created; company-less activities;
// user-level events) instead of two lookups per activity row: ~3x faster at 150k activities
// (docs/performance.md). It must agree with row_visibility(); the API tests check both.
// With a lead/company filter the matching set is small, so the per-row form counts it.
std::int64_t count_visible_activities(sql::Connection& conn, const Actor& actor,
                                      const ActivityFilter& filter) {
  const Clause filters = filter_clause(filter);
  if (actor.is_admin() || filter.lead_id || filter.company_id) {
    const RowVisibility vis = row_visibility(actor);
    std::vector<sql::Value> params = vis.condition.params;
    append(params, filters.params);
    return conn
        .run("SELECT COUNT(*) AS n FROM activities a" + vis.joins + " WHERE 1 = 1" +
                 vis.condition.sql + filters.sql,
             params)
        .first()
        .integer("n");
  }
  std::vector<sql::Value> params;
  for (int term = 0; term < 3; ++term) {
    params.emplace_back(actor.user_id);
    append(params, filters.params);
  }
  const std::string sql =
      "SELECT (SELECT COUNT(*) FROM companies vc JOIN activities a ON a.company_id = vc.id WHERE " +
      rep_company_condition("vc") + filters.sql +
      ") + (SELECT COUNT(*) FROM activities a JOIN leads al ON al.id = a.lead_id "
      "LEFT JOIN companies vc ON vc.id = al.company_id WHERE a.company_id IS NULL AND "
      "(al.company_id IS NULL OR " +
      rep_company_condition("vc") + ")" + filters.sql +
      ") + (SELECT COUNT(*) FROM activities a WHERE a.company_id IS NULL AND a.lead_id IS NULL "
      "AND a.user_id = ?" +
      filters.sql + ") AS n";
  return conn.run(sql, params).first().integer("n");
}

}  // namespace crm::overview
