#pragma once
// Storage port: the minimal SQL interface every repository is written against.
//
// SQL text uses `?` placeholders and the portable subset of DESIGN.md (text ids, int64 times
// and cents, 0/1 integers for booleans, JSON in TEXT), which SQLite and PostgreSQL both run.
// An adapter rewrites placeholders for its dialect and types the parameters by their C++ type
// (int64 -> BIGINT, double -> DOUBLE PRECISION, string -> TEXT; null takes its type from the
// context). Dialect differences that services need (row locks, lists) come from Connection.
//
// The write contract (DOMAIN.md §18): Database::write(fn) runs fn in a transaction, retries it
// when it loses a serialization race or deadlock (fn must therefore have no effect outside the
// transaction except through after-commit hooks), and runs the transaction's after-commit hooks
// only once the commit succeeded.

#include <cstdint>
#include <functional>
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
  if constexpr (std::is_same_v<T, bool>)
    return std::int64_t{*v ? 1 : 0};
  else if constexpr (std::is_integral_v<T>)
    return static_cast<std::int64_t>(*v);
  else
    return Value(*v);
}

// One result row. Columns are addressed by name (as written in the SELECT list, lower case:
// PostgreSQL folds unquoted aliases) or index.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  const std::vector<std::string>& columns() const { return *columns_; }
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
  std::optional<double> opt_real(std::string_view column) const;
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

// A row of a statement being stepped (Connection::each), read in place by column index: no
// Value, no std::string per value. Valid only inside the callback it is passed to; the views it
// returns die with it (copy what must outlive the row). Integer columns are read with integer()
// (a text column's digits are not parsed by every engine); text() of a number is engine-defined.
class RowView {
 public:
  virtual int size() const = 0;
  // The column's name as written in the SELECT list (lower case), for checks and messages.
  virtual std::string_view column_name(int i) const = 0;
  virtual bool is_null(int i) const = 0;
  // "" for a null column.
  virtual std::string_view text(int i) const = 0;
  virtual std::optional<std::string_view> opt_text(int i) const = 0;
  // 0 for a null column.
  virtual std::int64_t integer(int i) const = 0;
  virtual std::optional<std::int64_t> opt_integer(int i) const = 0;

 protected:
  ~RowView() = default;
};

// What Connection::each calls per row: a callable by reference, without std::function's
// allocation.
class RowFn {
 public:
  template <class F>
  explicit RowFn(F& fn)
      : target_(&fn), call_([](void* f, const RowView& row) { (*static_cast<F*>(f))(row); }) {}
  void operator()(const RowView& row) const { call_(target_, row); }

 private:
  void* target_;
  void (*call_)(void*, const RowView&);
};

enum class Dialect { kSqlite, kPostgres };

// Whether a loader reads a row it is about to change (read-modify-write in a write
// transaction): kForUpdate locks it until the transaction ends, so concurrent writers of the
// same row queue up instead of overwriting each other. kForUpdateSkipLocked locks the rows it
// can and passes over rows another transaction holds (queue claims: concurrent claimers take
// different rows instead of waiting for each other).
enum class Lock { kNone, kForUpdate, kForUpdateSkipLocked };

// A connection. Not thread-safe: a connection is used by one transaction at a time.
// Errors surface as crm::Error: kConflict for unique-constraint violations, kAborted for a lost
// serialization race or a deadlock (Database::write retries those), kUnavailable when the
// database cannot be reached or stays busy, kInternal else.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Prepares (cached per connection), binds and runs one statement, returning all rows.
  virtual Result run(std::string_view sql, std::span<const Value> params) = 0;
  // Runs one statement like run() and calls fn(row) for each row while it is stepped, without
  // building a Result (for pages that read many values: each value is read once, in place).
  // An exception from fn stops the statement and propagates. The default implementation goes
  // through run(); the engines override each_row to read straight from their result.
  template <class F>
  void each(std::string_view sql, std::span<const Value> params, F&& fn) {
    each_row(sql, params, RowFn(fn));
  }
  virtual void each_row(std::string_view sql, std::span<const Value> params, RowFn fn);
  // Runs a script of several statements with no parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // Holds a lock named `key` until the transaction ends, serializing every transaction that
  // asks for the same key (PostgreSQL: an advisory transaction lock). For invariants that span
  // rows that may not exist yet (first-user setup, "at least one admin"). On SQLite the write
  // transaction already excludes every other writer, so this costs nothing there.
  virtual void lock_key(std::string_view key) = 0;

  template <class... Args>
  Result query(std::string_view sql, Args&&... args) {
    const Value params[] = {Value(nullptr), to_value(std::forward<Args>(args))...};
    return run(sql, std::span<const Value>(params + 1, sizeof...(Args)));
  }

  // " FOR UPDATE OF <alias>" (kForUpdate; " ... SKIP LOCKED" for kForUpdateSkipLocked) where
  // the engine locks rows on request (PostgreSQL); "" where the write transaction already
  // excludes other writers (SQLite) or for kNone. Append to a SELECT (without DISTINCT, GROUP
  // BY or aggregates; after its LIMIT) whose row of table alias `alias` the transaction will
  // change; other (outer-joined) tables stay unlocked.
  std::string lock_clause(Lock lock, std::string_view alias) const {
    if (lock == Lock::kNone || dialect() != Dialect::kPostgres) return {};
    return " FOR UPDATE OF " + std::string(alias) +
           (lock == Lock::kForUpdateSkipLocked ? " SKIP LOCKED" : "");
  }

  // A condition "`column` is one of the texts of the parameter", taking one parameter made by
  // text_list(): one statement text whatever the list's length, planned as an index lookup.
  std::string in_text_list(std::string_view column) const;
  // The same parameter as a table named `alias`, one row per text in column `value`: to drive
  // a join from the list (`FROM <this> JOIN t ON t.key = alias.value`) without the temporary
  // set an IN (...) builds first.
  std::string text_list_table(std::string_view alias) const;
  static Value text_list(const std::vector<std::string>& items);

  // A C++ value as a statement parameter, as query() binds its arguments (bool as 0/1, an
  // empty optional as NULL).
  static Value to_value(Value v) { return v; }
  static Value to_value(std::string s) { return s; }
  static Value to_value(const char* s) { return std::string(s); }
  static Value to_value(std::string_view s) { return std::string(s); }
  static Value to_value(bool b) { return std::int64_t{b ? 1 : 0}; }
  static Value to_value(int i) { return std::int64_t{i}; }
  static Value to_value(long i) { return std::int64_t{i}; }
  static Value to_value(long long i) { return std::int64_t{i}; }
  static Value to_value(double d) { return d; }
  template <class T>
  static Value to_value(const std::optional<T>& v) {
    return opt(v);
  }
};

// A transaction on a leased connection: rolls back in its destructor unless committed.
// Not thread-safe; not copyable. Services get one from Database::read() or inside
// Database::write(fn); only the Database commits.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual Connection& connection() = 0;

  // Shorthands for connection().query(...) and connection().exec_script(...).
  template <class... Args>
  Result query(std::string_view sql, Args&&... args) {
    return connection().query(sql, std::forward<Args>(args)...);
  }
  void exec_script(std::string_view sql) { connection().exec_script(sql); }

  // Registers work that must follow this transaction's commit (cache invalidation, waking the
  // worker). Hooks run in registration order after a successful commit, on the committing
  // thread, outside any transaction; never after a rollback or a retried attempt. A hook must
  // not throw (an exception is logged and dropped).
  void after_commit(std::function<void()> hook) { hooks_.push_back(std::move(hook)); }

 protected:
  // Commits. REQUIRES: not yet committed. Throws crm::Error on failure (then rolled back).
  virtual void commit() = 0;

 private:
  friend class Database;
  std::vector<std::function<void()>> hooks_;
};

// A database: a pool of connections. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // A read transaction with a consistent snapshot. Many may run at once.
  virtual std::unique_ptr<Transaction> read() = 0;

  // Runs `fn(Transaction&)` in a write transaction and commits it, retrying the whole of fn
  // (bounded, with jittered backoff) when it fails with kAborted; then runs the transaction's
  // after-commit hooks. Returns what fn returns. Throws what fn throws (rolled back), or
  // kAborted when every attempt lost its race. A write inside a write on one thread is a bug
  // and throws kInternal.
  template <class F>
  auto write(F&& fn) -> std::invoke_result_t<F&, Transaction&> {
    return write_as(Keys::kChecked, fn);
  }

  // write(fn) for a bulk load that checks its foreign keys itself, once over the tables, before
  // fn returns (storage::bulk_load: PRAGMA foreign_key_check). SQLite runs the transaction with
  // per-row enforcement off (PRAGMA foreign_keys only changes between transactions) and turns it
  // back on as the transaction ends, committed or not, before another write can begin. Other
  // engines run fn as write(fn).
  template <class F>
  auto write_checking_keys_at_end(F&& fn) -> std::invoke_result_t<F&, Transaction&> {
    return write_as(Keys::kAtEnd, fn);
  }

  // Attempts of one write(fn) before kAborted reaches the caller.
  static constexpr int kMaxWriteAttempts = 8;

 protected:
  // A fresh write transaction (BEGIN IMMEDIATE on SQLite: writers are serialized there).
  virtual std::unique_ptr<Transaction> begin_write() = 0;
  // One for write_checking_keys_at_end; engines that cannot defer the checks begin a plain one.
  virtual std::unique_ptr<Transaction> begin_write_checking_keys_at_end() { return begin_write(); }

 private:
  enum class Keys { kChecked, kAtEnd };
  template <class F>
  auto write_as(Keys keys, F& fn) -> std::invoke_result_t<F&, Transaction&> {
    using R = std::invoke_result_t<F&, Transaction&>;
    if constexpr (std::is_void_v<R>) {
      run_write([&](Transaction& tx) { fn(tx); }, keys);
    } else {
      std::optional<R> out;
      run_write([&](Transaction& tx) { out.emplace(fn(tx)); }, keys);
      return std::move(*out);
    }
  }
  void run_write(const std::function<void(Transaction&)>& body, Keys keys);
};

}  // namespace crm::sql
