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
  std::string sql = "COALESCE(" + std::string(column) + ", '') IN (";
  for (std::size_t i = 0; i < scopes->size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(count_key((*scopes)[i]));
  }
  return sql + ")";
}

}  // namespace crm::lists
