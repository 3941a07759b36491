#include "core/overview/activity_query.hpp"

#include "core/records/record_rows.hpp"

namespace crm::overview {
namespace {

struct Fragment {
  std::string joins;  // LEFT JOINs after "FROM activities a"
  std::string where;  // the condition, without "WHERE"
  std::vector<sql::Value> params;
};

// Admins skip the visibility joins: they would only cost a lookup per row.
Fragment visibility_and_filters(const Actor& actor, const ActivityFilter& f) {
  Fragment out;
  out.where = "1 = 1";
  if (!actor.is_admin()) {
    out.joins =
        " LEFT JOIN leads al ON al.id = a.lead_id"
        " LEFT JOIN companies vc ON vc.id = COALESCE(a.company_id, al.company_id)";
    out.where +=
        " AND CASE"
        " WHEN COALESCE(a.company_id, al.company_id) IS NOT NULL"
        " THEN vc.id IS NOT NULL AND (vc.assigned_rep_id IS NULL OR vc.assigned_rep_id = ?)"
        " WHEN a.lead_id IS NOT NULL THEN al.id IS NOT NULL"
        " ELSE a.user_id = ? END";
    out.params.emplace_back(actor.user_id);
    out.params.emplace_back(actor.user_id);
  }
  if (f.lead_id) {
    out.where += " AND a.lead_id = ?";
    out.params.emplace_back(*f.lead_id);
  }
  if (f.company_id) {
    out.where += " AND (a.company_id = ? OR a.lead_id IN (SELECT id FROM leads WHERE company_id = ?))";
    out.params.emplace_back(*f.company_id);
    out.params.emplace_back(*f.company_id);
  }
  if (f.type) {
    out.where += " AND a.type = ?";
    out.params.emplace_back(*f.type);
  }
  return out;
}

}  // namespace

std::vector<Activity> select_visible_activities(sql::Connection& conn, const Actor& actor,
                                                const ActivityFilter& filter, std::int64_t limit,
                                                std::int64_t offset) {
  Fragment frag = visibility_and_filters(actor, filter);
  frag.params.emplace_back(limit);
  frag.params.emplace_back(offset);
  const auto res = conn.run("SELECT " + rows::activity_columns("a", "a_") + ", " +
                                rows::user_summary_columns("u", "u_") +
                                " FROM activities a LEFT JOIN users u ON u.id = a.user_id" +
                                frag.joins + " WHERE " + frag.where +
                                " ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
                            frag.params);
  std::vector<Activity> out;
  out.reserve(res.rows.size());
  for (const auto& r : res.rows) {
    Activity a = rows::row_to_activity(r, "a_");
    a.user = rows::row_to_user_summary(r, "u_");
    out.push_back(std::move(a));
  }
  return out;
}

std::int64_t count_visible_activities(sql::Connection& conn, const Actor& actor,
                                      const ActivityFilter& filter) {
  const Fragment frag = visibility_and_filters(actor, filter);
  return conn.run("SELECT COUNT(*) AS n FROM activities a" + frag.joins + " WHERE " + frag.where,
                  frag.params)
      .first()
      .integer("n");
}

}  // namespace crm::overview
