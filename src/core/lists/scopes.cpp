#include "core/lists/scopes.hpp"

namespace crm::lists {

Scopes record_scopes(const Actor& actor) {
  if (actor.is_admin()) return std::nullopt;
  return std::vector<std::optional<std::string>>{actor.user_id, std::string()};
}

Scopes company_scopes(const Actor& actor) {
  if (actor.is_admin()) return std::nullopt;
  return std::vector<std::optional<std::string>>{actor.user_id, std::nullopt};
}

Scopes activity_scopes(const Actor& actor) {
  if (actor.is_admin()) return std::nullopt;
  return std::vector<std::optional<std::string>>{actor.user_id, std::string(),
                                                 "user:" + actor.user_id};
}

std::string count_key(const std::optional<std::string>& scope) { return scope.value_or(""); }

std::string scope_condition(std::string_view column, const Scopes& scopes,
                            std::vector<sql::Value>& params) {
  if (!scopes) return "1 = 1";
  std::string sql = "(";
  for (std::size_t i = 0; i < scopes->size(); ++i) {
    if (i) sql += " OR ";
    sql.append(column);
    if ((*scopes)[i]) {
      sql += " = ?";
      params.emplace_back(*(*scopes)[i]);
    } else {
      sql += " IS NULL";
    }
  }
  return sql + ")";
}

}  // namespace crm::lists
