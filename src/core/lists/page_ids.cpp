#include "core/lists/page_ids.hpp"

namespace crm::lists {

std::vector<std::string> page_ids(sql::Connection& conn, const PageIdsQuery& q) {
  const std::string select =
      "SELECT " + q.id_column + " AS id, " + q.sort_column + " AS sort_key FROM " + q.from;
  std::vector<sql::Value> params;
  std::string sql;
  const auto add_branch = [&](const std::string& scope_condition) {
    std::string conditions = scope_condition;
    if (!q.where.empty()) conditions += (conditions.empty() ? "" : " AND ") + q.where;
    if (!sql.empty()) sql += " UNION ALL ";
    sql += select + (conditions.empty() ? "" : " WHERE " + conditions);
    params.insert(params.end(), q.where_params.begin(), q.where_params.end());
  };
  if (!q.scopes) {
    add_branch("");
  } else if (q.driven_by_where) {
    const std::size_t before = params.size();
    std::vector<sql::Value> scope_params;
    add_branch(scope_condition(q.scope_column, q.scopes, scope_params));
    params.insert(params.begin() + static_cast<std::ptrdiff_t>(before), scope_params.begin(),
                  scope_params.end());
  } else {
    for (const auto& scope : *q.scopes) {
      if (scope) {
        params.emplace_back(*scope);
        add_branch(q.scope_column + " = ?");
      } else {
        add_branch(q.scope_column + " IS NULL");
      }
    }
  }
  sql += " ORDER BY sort_key DESC, id DESC LIMIT ? OFFSET ?";
  params.emplace_back(q.limit);
  params.emplace_back(q.offset);
  return conn.run(sql, params).map([](const sql::Row& r) { return r.text("id"); });
}

}  // namespace crm::lists
