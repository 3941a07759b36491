#include "adapters/sqlite/sqlite_database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "crm/error.hpp"

namespace crm::sqlite {
namespace {

// Translates SQLite's errors in one place: unique violations are conflicts, a lock held by
// another process past busy_timeout is unavailability, the rest internal.
[[noreturn]] void rethrow(const SQLite::Exception& e) {
  const int ext = e.getExtendedErrorCode();
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    throw Error::conflict(std::string("duplicate value: ") + e.what());
  if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
    throw Error::unavailable(std::string("database is busy: ") + e.what());
  throw Error::internal(std::string("database error: ") + e.what());
}

struct CachedStatement {
  std::unique_ptr<SQLite::Statement> statement;
  std::shared_ptr<const std::vector<std::string>> columns;
  // The statement's own handle, for reading columns without a SQLite::Column per value (each
  // copies a shared_ptr: two atomic operations per value, ~5 % of a list page). Null if it
  // could not be identified: then SQLiteCpp's accessors are used.
  sqlite3_stmt* handle = nullptr;
};

// SQLite's own locking is redundant here: a connection is only ever used by the one thread that
// holds it (the writer under write_mu_, a reader checked out of the pool), so connections are
// opened NOMUTEX and the allocator's global statistics mutex is turned off before SQLite starts.
// Both were ~10 % of the CPU of a bulk import.
// Page caches start empty instead of with a bulk allocation of SQLITE_DEFAULT_PCACHE_INITSZ
// pages (~86 KiB): every statement with an IN (SELECT ...) list, a sort or a window opens
// ephemeral tables, each with its own page cache, so a list page allocated and freed ~1.3 MB
// per request for pages it mostly never used.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
  });
}

// The current row of a stepped statement, read through its handle. sqlite3_column_text is null
// only for NULL (or out of memory), so texts need no separate type check.
class HandleRow final : public sql::RowView {
 public:
  explicit HandleRow(sqlite3_stmt* st) : st_(st) {}
  int size() const override { return sqlite3_column_count(st_); }
  std::string_view column_name(int i) const override { return sqlite3_column_name(st_, i); }
  bool is_null(int i) const override { return sqlite3_column_type(st_, i) == SQLITE_NULL; }
  std::string_view text(int i) const override { return opt_text(i).value_or(std::string_view()); }
  std::optional<std::string_view> opt_text(int i) const override {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(st_, i));
    if (!data) return std::nullopt;
    return std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(st_, i)));
  }
  std::int64_t integer(int i) const override { return sqlite3_column_int64(st_, i); }
  std::optional<std::int64_t> opt_integer(int i) const override {
    if (is_null(i)) return std::nullopt;
    return integer(i);
  }

 private:
  sqlite3_stmt* st_;
};

class SqliteConnection final : public sql::Connection {
 public:
  using Observer = std::function<void(std::string_view, bool)>;

  // `observer` (SqliteOptions::on_statement) must outlive the connection.
  SqliteConnection(const std::string& path, int busy_timeout_ms, const Observer& observer)
      : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX),
        observer_(observer) {
    db_.setBusyTimeout(busy_timeout_ms);
    db_.exec("PRAGMA foreign_keys = ON");
    db_.exec("PRAGMA synchronous = NORMAL");
  }

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }

  // Per-row foreign-key enforcement (PRAGMA foreign_keys; only changes outside a transaction).
  bool foreign_keys() {
    int on = 0;
    sqlite3_db_config(db_.getHandle(), SQLITE_DBCONFIG_ENABLE_FKEY, -1, &on);
    return on != 0;
  }
  void set_foreign_keys(bool on) {
    db_.exec(on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
  }

  // BEGIN IMMEDIATE already excludes every other writer of the file.
  void lock_key(std::string_view) override {}

  sql::Result run(std::string_view text, std::span<const sql::Value> params) override {
    try {
      CachedStatement& cached = prepare(text);
      SQLite::Statement& st = *cached.statement;
      // tryReset: a previous run of this cached statement may have failed (a constraint, a
      // trigger's RAISE); reset() would throw that stale error again instead of running.
      st.tryReset();
      st.clearBindings();
      for (std::size_t i = 0; i < params.size(); ++i) bind(st, static_cast<int>(i + 1), params[i]);
      sql::Result result;
      const int ncols = st.getColumnCount();
      while (st.executeStep()) {
        std::vector<sql::Value> values;
        values.reserve(ncols);
        for (int c = 0; c < ncols; ++c)
          values.push_back(cached.handle ? read_column(cached.handle, c) : read_column(st, c));
        result.rows.emplace_back(cached.columns, std::move(values));
      }
      result.changes = ncols == 0 ? db_.getChanges() : 0;
      st.reset();
      return result;
    } catch (const SQLite::Exception& e) {
      rethrow(e);
    }
  }

  void each_row(std::string_view text, std::span<const sql::Value> params, sql::RowFn fn) override {
    try {
      CachedStatement& cached = prepare(text);
      if (!cached.handle) return sql::Connection::each_row(text, params, fn);
      SQLite::Statement& st = *cached.statement;
      st.tryReset();
      st.clearBindings();
      for (std::size_t i = 0; i < params.size(); ++i) bind(st, static_cast<int>(i + 1), params[i]);
      // Reset however the loop ends (fn may throw): the statement must not stay active.
      struct Reset {
        SQLite::Statement& st;
        ~Reset() { st.tryReset(); }
      } reset{st};
      const HandleRow row(cached.handle);
      while (st.executeStep()) fn(row);
    } catch (const SQLite::Exception& e) {
      rethrow(e);
    }
  }

  void exec_script(std::string_view text) override {
    try {
      db_.exec(std::string(text));
    } catch (const SQLite::Exception& e) {
      rethrow(e);
    }
  }

 private:
  CachedStatement& prepare(std::string_view text) {
    auto it = cache_.find(text);  // no copy of the statement's text (often over 1 KiB)
    if (observer_) observer_(text, it == cache_.end());
    if (it != cache_.end()) return it->second;
    auto st = std::make_unique<SQLite::Statement>(db_, std::string(text));
    auto columns = std::make_shared<std::vector<std::string>>();
    for (int c = 0; c < st->getColumnCount(); ++c) columns->push_back(st->getColumnName(c));
    // SQLite lists a connection's statements newest first; the one just prepared is checked
    // by its text (SQLiteCpp does not expose its handle).
    sqlite3_stmt* handle = sqlite3_next_stmt(db_.getHandle(), nullptr);
    if (handle && std::string_view(sqlite3_sql(handle)) != text) handle = nullptr;
    return cache_
        .emplace(std::string(text), CachedStatement{std::move(st), std::move(columns), handle})
        .first->second;
  }

  // Texts are bound in place, not copied: `params` outlive every step of the statement (run and
  // each_row step it to the end and reset it before they return, and every run binds afresh).
  // A copy per text value was a malloc, a memcpy and a free (bulk loads bind tens of millions).
  static void bind(SQLite::Statement& st, int index, const sql::Value& v) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>)
            st.bind(index);
          else if constexpr (std::is_same_v<T, std::int64_t>)
            st.bind(index, static_cast<int64_t>(x));
          else if constexpr (std::is_same_v<T, std::string>)
            st.bindNoCopy(index, x);
          else
            st.bind(index, x);
        },
        v);
  }

  // As read_column(st, c), on the statement's handle.
  static sql::Value read_column(sqlite3_stmt* st, int c) {
    switch (sqlite3_column_type(st, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(st, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(st, c);
      case SQLITE_NULL:
        return nullptr;
      default: {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(st, c));
        return std::string(data ? data : "", static_cast<std::size_t>(sqlite3_column_bytes(st, c)));
      }
    }
  }

  static sql::Value read_column(SQLite::Statement& st, int c) {
    const SQLite::Column col = st.getColumn(c);
    switch (col.getType()) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(col.getInt64());
      case SQLITE_FLOAT:
        return col.getDouble();
      case SQLITE_NULL:
        return nullptr;
      default:
        return col.getString();
    }
  }

  SQLite::Database db_;
  const Observer& observer_;
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, CachedStatement, TextHash, std::equal_to<>> cache_;
};

// What a transaction does about foreign keys: reads leave them alone; writes run with them
// enforced per row; kWriteCheckingKeysAtEnd (Database::write_checking_keys_at_end) runs without
// per-row enforcement, which is switched back on as it ends, before the writer is released.
enum class TxKind { kRead, kWrite, kWriteCheckingKeysAtEnd };

class SqliteTransaction final : public sql::Transaction {
 public:
  SqliteTransaction(SqliteConnection& conn, std::function<void()> release, TxKind kind)
      : conn_(conn), release_(std::move(release)), kind_(kind) {
    try {
      if (kind != TxKind::kRead) {
        // Every write begins with the keys enforced, or with them off only when asked for.
        const bool enforce = kind == TxKind::kWrite;
        if (conn_.foreign_keys() != enforce) conn_.set_foreign_keys(enforce);
      }
      conn_.exec_script(kind == TxKind::kRead ? "BEGIN" : "BEGIN IMMEDIATE");
    } catch (...) {  // no destructor runs for a half-built object: give the connection back
      restore_foreign_keys();
      release_();
      throw;
    }
  }
  ~SqliteTransaction() override {
    if (!done_) {
      try {
        conn_.exec_script("ROLLBACK");
      } catch (...) {  // destructors never throw; the connection rolls back on close anyway
      }
    }
    restore_foreign_keys();
    release_();
  }

  sql::Connection& connection() override { return conn_; }

 protected:
  void commit() override {
    conn_.exec_script("COMMIT");
    done_ = true;
  }

 private:
  // After the transaction (the pragma is ignored inside one). Should this fail, the next write
  // transaction switches the keys on before it begins.
  void restore_foreign_keys() noexcept {
    if (kind_ != TxKind::kWriteCheckingKeysAtEnd) return;
    try {
      conn_.set_foreign_keys(true);
    } catch (...) {
    }
  }

  SqliteConnection& conn_;
  std::function<void()> release_;
  TxKind kind_;
  bool done_ = false;
};

class SqliteDatabase final : public sql::Database {
 public:
  explicit SqliteDatabase(const SqliteOptions& o)
      : memory_(o.path == ":memory:"), observer_(o.on_statement) {
    configure_sqlite_once();
    try {
      writer_ = std::make_unique<SqliteConnection>(o.path, o.busy_timeout_ms, observer_);
      if (o.writer_cache_mib > 0)
        writer_->exec_script("PRAGMA cache_size = -" + std::to_string(o.writer_cache_mib * 1024));
      // A statement that writes several rows keeps a statement journal (the pages it changes,
      // as they were, to undo just that statement on an error), in a temporary file past
      // 64 KiB: 342,000 pwrite(2)s for a bulk load of 30,000 leads in multi-row INSERTs. In
      // memory it holds what the statement changes until it ends. (Set here: SQLite decides
      // where a transaction's statement journals go when the transaction begins.)
      writer_->exec_script("PRAGMA temp_store = MEMORY");
      if (!memory_) {
        // Before anything is written (the pragma changes nothing in a file that has pages) and
        // before WAL mode, in which the page size of a new file can no longer change.
        if (o.new_file_page_size > 0)
          writer_->exec_script("PRAGMA page_size = " + std::to_string(o.new_file_page_size));
        writer_->exec_script("PRAGMA journal_mode = WAL");
        // The writer restarts the log (the first write after a full checkpoint), so it trims it.
        writer_->exec_script("PRAGMA journal_size_limit = " +
                             std::to_string(o.wal_size_limit_bytes));
        for (int i = 0; i < std::max(1, o.readers); ++i)
          idle_readers_.push_back(
              std::make_unique<SqliteConnection>(o.path, o.busy_timeout_ms, observer_));
      }
    } catch (const SQLite::Exception& e) {
      rethrow(e);
    }
  }

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }

 protected:
  std::unique_ptr<sql::Transaction> begin_write() override {
    return std::make_unique<SqliteTransaction>(*writer_, hold_writer(), TxKind::kWrite);
  }
  std::unique_ptr<sql::Transaction> begin_write_checking_keys_at_end() override {
    return std::make_unique<SqliteTransaction>(*writer_, hold_writer(),
                                               TxKind::kWriteCheckingKeysAtEnd);
  }

 public:
  std::unique_ptr<sql::Transaction> read() override {
    // In memory mode the one connection serves reads too.
    if (memory_) return std::make_unique<SqliteTransaction>(*writer_, hold_writer(), TxKind::kRead);
    std::unique_ptr<SqliteConnection> conn;
    {
      std::unique_lock lock(pool_mu_);
      pool_cv_.wait(lock, [&] { return !idle_readers_.empty(); });
      conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
    SqliteConnection& ref = *conn;
    auto holder = std::make_shared<std::unique_ptr<SqliteConnection>>(std::move(conn));
    return std::make_unique<SqliteTransaction>(
        ref,
        [this, holder] {
          std::lock_guard lock(pool_mu_);
          idle_readers_.push_back(std::move(*holder));
          pool_cv_.notify_one();
        },
        TxKind::kRead);
  }

 private:
  // Locks the writer connection and returns what unlocks it. A thread that already holds it
  // (a read inside a write in memory mode, say) would wait for itself: refused instead.
  std::function<void()> hold_writer() {
    if (writer_holder_.load() == std::this_thread::get_id())
      throw Error::internal("nested transaction on one SQLite connection");
    auto lock = std::make_shared<std::unique_lock<std::mutex>>(write_mu_);
    writer_holder_.store(std::this_thread::get_id());
    return [this, lock] {
      writer_holder_.store(std::thread::id());
      lock->unlock();
    };
  }

  bool memory_;
  const SqliteConnection::Observer observer_;  // before the connections, which refer to it
  std::mutex write_mu_;  // guards writer_ (and every use of it in memory mode)
  std::atomic<std::thread::id> writer_holder_{};  // the thread holding write_mu_, if any
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex pool_mu_;  // guards idle_readers_
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
};

}  // namespace

std::shared_ptr<sql::Database> open_database(const SqliteOptions& options) {
  return std::make_shared<SqliteDatabase>(options);
}

}  // namespace crm::sqlite
