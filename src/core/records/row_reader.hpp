#pragma once
// Building blocks of the row mappers: a SELECT list with a column prefix, and a reader of the
// prefixed columns of one row.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "crm/ports/sql.hpp"

namespace crm::rows {

// "alias.c1 AS prefixc1, alias.c2 AS prefixc2, ..."
inline std::string select_list(std::string_view alias, std::string_view prefix,
                               std::initializer_list<std::string_view> columns) {
  std::string out;
  for (auto c : columns) {
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(c).append(" AS ").append(prefix).append(c);
  }
  return out;
}

struct Reader {
  const sql::Row& row;
  std::string_view prefix;
  // prefix + c, in a per-thread buffer reused by the next call (mappers read ~40 columns of
  // each row of a page: no allocation per column).
  std::string_view name(std::string_view c) const {
    thread_local std::string scratch;
    scratch.assign(prefix).append(c);
    return scratch;
  }
  std::string text(std::string_view c) const { return row.text(name(c)); }
  std::optional<std::string> opt(std::string_view c) const { return row.opt_text(name(c)); }
  std::int64_t integer(std::string_view c) const { return row.integer(name(c)); }
  std::optional<std::int64_t> opt_int(std::string_view c) const { return row.opt_integer(name(c)); }
  bool boolean(std::string_view c) const { return row.boolean(name(c)); }
  bool is_null(std::string_view c) const { return row.is_null(name(c)); }
};

// A Reader that moves text values out of the row instead of copying them (one allocation per
// long text instead of two), for mappers that read each column once. Takes the row by
// non-const reference: the row must belong to a Result the caller owns and reads no more.
struct Taker : Reader {
  explicit Taker(sql::Row& r, std::string_view p) : Reader{r, p} {}
  std::string text(std::string_view c) const { return take(row.at(name(c)), c); }
  std::optional<std::string> opt(std::string_view c) const {
    const sql::Value& v = row.at(name(c));
    if (std::holds_alternative<std::nullptr_t>(v)) return std::nullopt;
    return take(v, c);
  }

 private:
  std::string take(const sql::Value& v, std::string_view c) const {
    // The row is not const (the constructor's parameter): moving out of it is allowed.
    if (const auto* s = std::get_if<std::string>(&v))
      return std::move(const_cast<std::string&>(*s));
    return row.text(name(c));
  }
};

// A reader of a RowView's columns by position: each call reads column `at` and advances it, so
// a mapper must read the columns in the order of its SELECT list. Debug builds check each
// column's name against prefix + c.
struct ViewReader {
  const sql::RowView& row;
  std::string_view prefix;
  int& at;

  std::string text(std::string_view c) const { return std::string(row.text(next(c))); }
  std::optional<std::string> opt(std::string_view c) const {
    const auto v = row.opt_text(next(c));
    if (!v) return std::nullopt;
    return std::string(*v);
  }
  std::int64_t integer(std::string_view c) const { return row.integer(next(c)); }
  std::optional<std::int64_t> opt_int(std::string_view c) const { return row.opt_integer(next(c)); }
  bool boolean(std::string_view c) const { return integer(c) != 0; }

 private:
  int next([[maybe_unused]] std::string_view c) const {
#ifndef NDEBUG
    const std::string_view name = row.column_name(at);
    if (name.size() != prefix.size() + c.size() || !name.starts_with(prefix) || !name.ends_with(c))
      throw std::logic_error("column " + std::to_string(at) + " is " + std::string(name) +
                             ", the mapper reads " + std::string(prefix) + std::string(c));
#endif
    return at++;
  }
};

}  // namespace crm::rows
