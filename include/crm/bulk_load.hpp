#pragma once
// Big loads (an import of hundreds of thousands of records, a benchmark's seed): rows written
// through the storage port in one write transaction, with the per-row upkeep of derived data
// (list counts, visibility scopes, search indexes) done once over the tables at the end
// instead of by a trigger per row. See docs/decisions.md "Bulk loads".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::storage {

struct BulkLoadOptions {
  // SQLite: the writer connection's page cache for the load's duration (restored after). A load
  // writes the pages of every index of every table it fills; the whole working set in memory
  // keeps them from being spilled to the WAL and read back.
  int sqlite_cache_mib = 1024;
};

struct BulkLoadTimes {
  std::int64_t rows_ms = 0;         // `load` itself (SQLite: and the check of its foreign keys)
  std::int64_t maintenance_ms = 0;  // counts, scopes and search indexes rebuilt from the rows
};

// Runs `load` in one write transaction (it may be retried like any write) and leaves every
// maintained count, derived scope and search index exactly as the per-row triggers would have.
// SQLite: the maintenance triggers are dropped inside the transaction and re-created before it
// commits (DDL is transactional there), the counts and scopes are then recomputed from all rows
// (lists' recount) and the FTS5 tables rebuilt; the transaction holds the database's one write
// lock throughout, so no other writer ever runs without the triggers and readers see the state
// before the load until it commits. The transaction runs without per-row foreign-key checks
// (Database::write_checking_keys_at_end); once `load` returns every table's references are
// checked at once (PRAGMA foreign_key_check), and any dangling one fails the load with
// kInvalidArgument (rolled back). So a load should only insert: deleting or re-keying parent rows
// runs no ON DELETE action and is refused by that check. Costs a pass over the whole tables, so
// it pays off for loads that are large next to what the database holds. PostgreSQL: `load` runs
// in a plain write transaction with the triggers (they derive columns before the row is written,
// and GIN indexes are maintained by PostgreSQL) and its foreign keys checked per row.
BulkLoadTimes bulk_load(sql::Database& db, const std::function<void(sql::Transaction&)>& load,
                        const BulkLoadOptions& options = {});

// Rows for one table, written in multi-row INSERT statements of up to `rows_per_statement` rows
// (at most 30,000 values per statement): one statement per batch instead of per row (seeding 1M
// leads: 64 rows per statement 104 s, 512 rows 80 s). On SQLite the statements are INSERT OR
// FAIL: a row that breaks a constraint ends its statement with the error, the rows before it in
// that statement stay until the transaction rolls back (which the error must make it do: a
// failed statement is never caught and continued from); in exchange, within bulk_load, a
// statement keeps no journal of its own to undo itself.
// Rows go in in the order they were added; call flush() before rows of another table that refer to
// them (foreign keys) and at the end: rows still buffered when the BulkInsert is destroyed are
// dropped.
class BulkInsert {
 public:
  BulkInsert(sql::Connection& conn, std::string table, std::vector<std::string> columns,
             std::size_t rows_per_statement = 256);

  // One row: a value per column, in the order of the columns.
  template <class... Args>
  void add(Args&&... values) {
    static_assert(sizeof...(Args) > 0);
    (values_.push_back(sql::Connection::to_value(std::forward<Args>(values))), ...);
    if (++rows_ == rows_per_statement_) flush();
  }
  void flush();

 private:
  std::string statement(std::size_t rows) const;

  sql::Connection& conn_;
  std::string table_;
  std::vector<std::string> columns_;
  std::size_t rows_per_statement_;
  std::size_t rows_ = 0;
  std::vector<sql::Value> values_;
  std::string full_statement_;  // for a full batch, built once
};

}  // namespace crm::storage
