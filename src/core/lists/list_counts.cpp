#include "core/lists/list_counts.hpp"

#include "core/storage/money_sum.hpp"

namespace crm::lists {
namespace {

// " AND (scope = ? OR ...)" for the scopes, appending their keys.
std::string scope_filter(const Scopes& scopes, std::vector<sql::Value>& params) {
  if (!scopes) return "";
  std::string sql = " AND (";
  for (std::size_t i = 0; i < scopes->size(); ++i) {
    sql += i ? " OR scope = ?" : "scope = ?";
    params.emplace_back(count_key((*scopes)[i]));
  }
  return sql + ")";
}

}  // namespace

std::int64_t total(sql::Connection& conn, std::string_view list, const Scopes& scopes,
                   const std::optional<std::string>& bucket) {
  std::vector<sql::Value> params{std::string(list)};
  std::string sql = "SELECT COALESCE(SUM(n), 0) AS n FROM list_counts WHERE list = ?" +
                    scope_filter(scopes, params);
  if (bucket) {
    sql += " AND bucket = ?";
    params.emplace_back(*bucket);
  }
  return conn.run(sql, params).first().integer("n");
}

std::map<std::string, BucketTotal> totals_by_bucket(sql::Connection& conn, std::string_view list,
                                                    const Scopes& scopes) {
  std::vector<sql::Value> params{std::string(list)};
  const std::string sql =
      "SELECT bucket, COALESCE(SUM(n), 0) AS n, COALESCE(SUM(revenue_hi), 0) AS revenue_hi, "
      "COALESCE(SUM(revenue_lo), 0) AS revenue_lo FROM list_counts WHERE list = ?" +
      scope_filter(scopes, params) + " GROUP BY bucket";
  std::map<std::string, BucketTotal> out;
  for (const auto& r : conn.run(sql, params).rows)
    out[r.text("bucket")] = {r.integer("n"), storage::read_money_sum(r, "revenue")};
  return out;
}

BucketTotal bucket_total(sql::Connection& conn, std::string_view list, const Scopes& scopes,
                         const std::string& bucket) {
  std::vector<sql::Value> params{std::string(list), bucket};
  const std::string sql =
      "SELECT COALESCE(SUM(n), 0) AS n, COALESCE(SUM(revenue_hi), 0) AS revenue_hi, "
      "COALESCE(SUM(revenue_lo), 0) AS revenue_lo FROM list_counts WHERE list = ? AND bucket = ?" +
      scope_filter(scopes, params);
  const auto row = conn.run(sql, params).first();
  return {row.integer("n"), storage::read_money_sum(row, "revenue")};
}

}  // namespace crm::lists
