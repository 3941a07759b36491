#pragma once
// The SET list of an UPDATE that changes only the fields a patch names: one statement text per
// combination of fields (a handful), instead of "CASE WHEN ? THEN ? ELSE col END" switches that
// neither engine plans well and PostgreSQL cannot type.

#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::storage {

class Assignments {
 public:
  // Adds "column = ?" with `value` (anything sql::Connection::query accepts as a parameter).
  template <class T>
  void set(std::string_view column, const T& value) {
    if (!sql_.empty()) sql_ += ", ";
    sql_.append(column).append(" = ?");
    params_.push_back(to_value(value));
  }
  bool empty() const { return sql_.empty(); }

  // Runs "UPDATE <table> SET ... WHERE id = ?". REQUIRES: !empty().
  sql::Result update_by_id(sql::Connection& conn, std::string_view table,
                           std::string_view id) const {
    std::vector<sql::Value> params = params_;
    params.emplace_back(std::string(id));
    return conn.run("UPDATE " + std::string(table) + " SET " + sql_ + " WHERE id = ?", params);
  }

 private:
  template <class T>
  static sql::Value to_value(const std::optional<T>& v) {
    return sql::opt(v);
  }
  static sql::Value to_value(const std::string& v) { return v; }
  static sql::Value to_value(std::string_view v) { return std::string(v); }
  static sql::Value to_value(const char* v) { return std::string(v); }
  static sql::Value to_value(bool v) { return std::int64_t{v ? 1 : 0}; }
  static sql::Value to_value(std::int64_t v) { return v; }
  static sql::Value to_value(int v) { return std::int64_t{v}; }
  static sql::Value to_value(double v) { return v; }

  std::string sql_;
  std::vector<sql::Value> params_;
};

}  // namespace crm::storage
