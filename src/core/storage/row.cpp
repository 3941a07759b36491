// The value accessors of the storage port's Row.
#include <string>

#include "crm/error.hpp"
#include "crm/ports/sql.hpp"

namespace crm::sql {

const Value& Row::at(std::size_t i) const {
  if (i >= values_.size()) throw Error::internal("column index out of range");
  return values_[i];
}

const Value& Row::at(std::string_view column) const {
  // Mappers read a row's columns mostly in SELECT order: searching from the column after the
  // one this thread found last makes that one comparison per column instead of a scan of the
  // list (a list page reads ~40 columns of each of its 50 rows). A column read twice in a row
  // (is_null, then its value) is the one found last: checked second, before the scan.
  thread_local std::size_t next = 0;
  const std::size_t n = columns_->size();
  const auto& names = *columns_;
  if (next < n && names[next] == column) return values_[next++];
  if (next > 0 && next <= n && names[next - 1] == column) return values_[next - 1];
  for (std::size_t i = 0; i < n; ++i) {
    if (names[i] == column) {
      next = i + 1;
      return values_[i];
    }
  }
  throw Error::internal("no column named " + std::string(column));
}

bool Row::is_null(std::string_view column) const {
  return std::holds_alternative<std::nullptr_t>(at(column));
}

std::string Row::text(std::string_view column) const {
  const Value& v = at(column);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  throw Error::internal("column " + std::string(column) + " is null");
}

std::optional<std::string> Row::opt_text(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::int64_t Row::integer(std::string_view column) const {
  const Value& v = at(column);
  if (auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return std::stoll(*s);
  throw Error::internal("column " + std::string(column) + " is null");
}

std::optional<std::int64_t> Row::opt_integer(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return integer(column);
}

std::optional<double> Row::opt_real(std::string_view column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

double Row::real(std::string_view column) const {
  const Value& v = at(column);
  if (auto* d = std::get_if<double>(&v)) return *d;
  return static_cast<double>(integer(column));
}

}  // namespace crm::sql
