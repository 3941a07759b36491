#pragma once
// Storage port: the minimal SQL interface every repository is written against.
//
// SQL text uses `?` placeholders and the portable subset of DESIGN.md (text ids, int64 times
// and cents, 0/1 booleans, JSON in TEXT). An adapter rewrites placeholders for its dialect.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace crm::sql {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

inline Value null() { return nullptr; }
template <class T>
Value opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, bool>) return std::int64_t{*v ? 1 : 0};
  else if constexpr (std::is_integral_v<T>) return static_cast<std::int64_t>(*v);
  else return Value(*v);
}

// One result row. Columns are addressed by name (as written in the SELECT list) or index.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const Value& at(std::size_t i) const;
  const Value& at(std::string_view column) const;

  bool is_null(std::string_view column) const;
  // REQUIRES: the column is a non-null text (or number, which is formatted).
  std::string text(std::string_view column) const;
  std::optional<std::string> opt_text(std::string_view column) const;
  // REQUIRES: the column is a non-null integer.
  std::int64_t integer(std::string_view column) const;
  std::optional<std::int64_t> opt_integer(std::string_view column) const;
  double real(std::string_view column) const;
  bool boolean(std::string_view column) const { return integer(column) != 0; }

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

struct Result {
  std::vector<Row> rows;
  std::int64_t changes = 0;  // rows changed by an INSERT/UPDATE/DELETE

  bool empty() const { return rows.empty(); }
  const Row& first() const { return rows.front(); }

  // Every row turned into a record by `to_record(const Row&)`, in order.
  template <class F>
  auto map(F&& to_record) const {
    std::vector<std::decay_t<std::invoke_result_t<F&, const Row&>>> out;
    out.reserve(rows.size());
    for (const Row& row : rows) out.push_back(to_record(row));
    return out;
  }
};

enum class Dialect { kSqlite, kPostgres };

// A connection. Not thread-safe: a connection is used by one transaction at a time.
// Errors surface as crm::Error (kConflict for unique-constraint violations, kInternal else).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Prepares (cached per connection), binds and runs one statement, returning all rows.
  virtual Result run(std::string_view sql, std::span<const Value> params) = 0;
  // Runs a script of several statements with no parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;

  template <class... Args>
  Result query(std::string_view sql, Args&&... args) {
    const Value params[] = {Value(nullptr), to_value(std::forward<Args>(args))...};
    return run(sql, std::span<const Value>(params + 1, sizeof...(Args)));
  }

 private:
  static Value to_value(Value v) { return v; }
  static Value to_value(std::string s) { return s; }
  static Value to_value(const char* s) { return std::string(s); }
  static Value to_value(std::string_view s) { return std::string(s); }
  static Value to_value(bool b) { return std::int64_t{b ? 1 : 0}; }
  static Value to_value(int i) { return std::int64_t{i}; }
  static Value to_value(long i) { return std::int64_t{i}; }
  static Value to_value(long long i) { return std::int64_t{i}; }
  template <class T>
  static Value to_value(const std::optional<T>& v) { return opt(v); }
};

// A transaction on a leased connection: rolls back in its destructor unless committed.
// Not thread-safe; not copyable.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Connection& connection() = 0;
  // Commits. REQUIRES: not yet committed. Throws crm::Error on failure (then rolled back).
  virtual void commit() = 0;

  // Shorthands for connection().query(...) and connection().exec_script(...).
  template <class... Args>
  Result query(std::string_view sql, Args&&... args) {
    return connection().query(sql, std::forward<Args>(args)...);
  }
  void exec_script(std::string_view sql) { connection().exec_script(sql); }
};

// A database: a pool of connections. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // A read transaction with a consistent snapshot. Many may run at once.
  virtual std::unique_ptr<Transaction> read() = 0;
  // The write transaction (BEGIN IMMEDIATE on SQLite): writers are serialized.
  virtual std::unique_ptr<Transaction> write() = 0;
};

}  // namespace crm::sql
