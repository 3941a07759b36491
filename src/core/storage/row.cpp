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
  for (std::size_t i = 0; i < columns_->size(); ++i)
    if ((*columns_)[i] == column) return values_[i];
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
