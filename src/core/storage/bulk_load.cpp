#include "crm/bulk_load.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "core/lists/recount.hpp"
#include "crm/error.hpp"

namespace crm::storage {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t kRebuildHashBytes = 64 << 20;
constexpr std::int64_t kDefaultHashBytes = 1 << 20;  // FTS5_DEFAULT_HASHSIZE

std::int64_t ms_since(Clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - from).count();
}

// The triggers that maintain derived data, by the naming rule of migration 8 and later:
// <table>_counts_<event>, <table>_derive_<event>, <table>_search_<event>. Guards such as
// activities_no_update stay in place.
struct Trigger {
  std::string name, sql;
};

std::vector<Trigger> maintenance_triggers(sql::Connection& conn) {
  return conn
      .query(
          "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND (name LIKE "
          "'%\\_counts\\_%' ESCAPE '\\' OR name LIKE '%\\_derive\\_%' ESCAPE '\\' OR name LIKE "
          "'%\\_search\\_%' ESCAPE '\\') ORDER BY name")
      .map([](const sql::Row& r) {
        return Trigger{r.text("name"), r.text("sql")};
      });
}

// FTS5 tables with external content, rebuilt from their content tables.
std::vector<std::string> search_tables(sql::Connection& conn) {
  return conn
      .query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL "
          "TABLE%USING fts5%' ORDER BY name")
      .map([](const sql::Row& r) { return r.text("name"); });
}

// Sets the connection's page cache and puts the previous size back when the load ends, whether
// it commits or not (cache_size is a setting of the connection, not of the transaction).
class CacheSize {
 public:
  CacheSize(sql::Connection& conn, int mib) : conn_(conn) {
    if (mib <= 0) return;
    previous_ = conn.query("PRAGMA cache_size").first().integer("cache_size");
    conn.query("PRAGMA cache_size = -" + std::to_string(std::int64_t{mib} * 1024));
    set_ = true;
  }
  ~CacheSize() {
    if (!set_) return;
    try {
      conn_.query("PRAGMA cache_size = " + std::to_string(previous_));
    } catch (...) {  // the connection stays usable with the larger cache
    }
  }
  CacheSize(const CacheSize&) = delete;
  CacheSize& operator=(const CacheSize&) = delete;

 private:
  sql::Connection& conn_;
  std::int64_t previous_ = 0;
  bool set_ = false;
};

// The load runs without per-row foreign-key enforcement (Database::write_checking_keys_at_end):
// its references are checked here, once over every table, before anything is derived from them.
// A row that refers to a missing parent fails the load (rolled back whole), as the first such
// row did with per-row checks. This covers what the load deleted or re-keyed too: with
// enforcement off no ON DELETE action runs, so the children left behind are reported here.
void check_foreign_keys(sql::Connection& conn) {
  const auto broken = conn.query(
      "SELECT \"table\" AS child, parent, COUNT(*) AS n FROM pragma_foreign_key_check "
      "GROUP BY 1, 2 ORDER BY 1, 2");
  if (broken.empty()) return;
  std::string what;
  for (const auto& r : broken.rows)
    what += (what.empty() ? "" : ", ") + std::to_string(r.integer("n")) + " " + r.text("child") +
            " rows refer to missing " + r.text("parent") + " rows";
  throw Error(ErrorCode::kInvalidArgument, "bulk load: " + what);
}

BulkLoadTimes load_sqlite(sql::Transaction& tx, const std::function<void(sql::Transaction&)>& load,
                          const BulkLoadOptions& options) {
  auto& conn = tx.connection();
  BulkLoadTimes times;
  CacheSize cache(conn, options.sqlite_cache_mib);
  const auto triggers = maintenance_triggers(conn);
  for (const auto& t : triggers) conn.exec_script("DROP TRIGGER " + t.name);
  const auto rows_started = Clock::now();
  load(tx);
  check_foreign_keys(conn);
  times.rows_ms = ms_since(rows_started);

  const auto maintenance_started = Clock::now();
  for (const auto& table : search_tables(conn)) {
    // FTS5 writes its pending terms out as a segment each time they reach 'hashsize' (1 MiB by
    // default), and merges those segments as it goes; a larger buffer for the rebuild writes
    // fewer, larger segments (a million contacts: 11 s -> 6 s). The default goes back after.
    const std::string config = "INSERT INTO " + table + " (" + table + ", rank) VALUES ";
    conn.exec_script(config + "('hashsize', " + std::to_string(kRebuildHashBytes) + ")");
    conn.exec_script("INSERT INTO " + table + " (" + table + ") VALUES ('rebuild')");
    conn.exec_script(config + "('hashsize', " + std::to_string(kDefaultHashBytes) + ")");
  }
  lists::rebuild_counts(conn);
  for (const auto& t : triggers) conn.exec_script(t.sql);
  times.maintenance_ms = ms_since(maintenance_started);
  return times;
}

}  // namespace

BulkLoadTimes bulk_load(sql::Database& db, const std::function<void(sql::Transaction&)>& load,
                        const BulkLoadOptions& options) {
  if (db.dialect() == sql::Dialect::kSqlite)
    return db.write_checking_keys_at_end(
        [&](sql::Transaction& tx) { return load_sqlite(tx, load, options); });
  return db.write([&](sql::Transaction& tx) {
    const auto started = Clock::now();
    load(tx);
    return BulkLoadTimes{ms_since(started), 0};
  });
}

BulkInsert::BulkInsert(sql::Connection& conn, std::string table, std::vector<std::string> columns,
                       std::size_t rows_per_statement)
    : conn_(conn),
      table_(std::move(table)),
      columns_(std::move(columns)),
      rows_per_statement_(rows_per_statement) {
  // SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535.
  if (columns_.empty() || rows_per_statement_ == 0 ||
      rows_per_statement_ * columns_.size() > 30'000)
    throw Error(ErrorCode::kInvalidArgument, "BulkInsert: rows_per_statement");
  full_statement_ = statement(rows_per_statement_);
}

std::string BulkInsert::statement(std::size_t rows) const {
  std::string row = "(";
  for (std::size_t c = 0; c < columns_.size(); ++c) row += c == 0 ? "?" : ", ?";
  row += ")";
  // SQLite: OR FAIL, so that a statement of many rows needs no statement journal (a copy of
  // every page it changes, kept to undo just that statement if a later row broke a constraint,
  // in 1 KiB heap chunks allocated and freed per statement). A broken constraint still
  // stops the statement with the same error, which rolls back the whole transaction (the
  // storage contract: a failed statement is never caught and continued from). Foreign keys
  // checked per row would need the journal too: bulk_load checks them at the end instead.
  std::string sql = std::string(conn_.dialect() == sql::Dialect::kSqlite ? "INSERT OR FAIL INTO "
                                                                         : "INSERT INTO ") +
                    table_ + " (";
  for (std::size_t c = 0; c < columns_.size(); ++c) sql += (c == 0 ? "" : ", ") + columns_[c];
  sql += ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) sql += (r == 0 ? "" : ", ") + row;
  return sql;
}

void BulkInsert::flush() {
  if (rows_ == 0) return;
  if (values_.size() != rows_ * columns_.size())
    throw Error(ErrorCode::kInvalidArgument,
                "BulkInsert: a row of " + table_ + " does not have one value per column");
  conn_.run(rows_ == rows_per_statement_ ? full_statement_ : statement(rows_), values_);
  values_.clear();
  rows_ = 0;
}

}  // namespace crm::storage
