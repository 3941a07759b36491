#pragma once
// SQLite adapter of the storage port (SQLiteCpp): WAL, busy_timeout, foreign keys, one writer
// connection plus a pool of readers, prepared statements cached per connection.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"

namespace crm::sqlite {

struct SqliteOptions {
  // A file path, or ":memory:" for one private in-memory database (then a single connection
  // serves reads and writes, one at a time).
  std::string path;
  int readers = 4;
  int busy_timeout_ms = 5000;
  // Page cache of the writer connection. Bulk writes (a 50,000-row import) touch pages of many
  // indexes; SQLite's default 2 MiB thrashes and made such an import ~6x slower.
  int writer_cache_mib = 64;
  // Page size of a database file this creates (an existing file keeps its own). 16 KiB instead
  // of SQLite's 4 KiB: shallower B-trees and a quarter of the page writes and reads for a large
  // load (seeding 1M leads: 84 s -> 66 s, CPU 80 s -> 61 s), list pages as fast at 100k rows.
  int new_file_page_size = 16384;
  // What the write-ahead log may keep of its file once its frames are all in the database: a
  // large transaction (a 1M-lead bulk load writes ~2 GB of frames) grows the log, and without a
  // limit the file keeps that size until the last connection closes. The next write after a
  // full checkpoint truncates it to this many bytes. Negative: no limit (SQLite's default).
  std::int64_t wal_size_limit_bytes = 64LL << 20;
  // For benchmarks and tests: called on the running thread with each statement a connection
  // runs, and whether it had to be prepared for this run (it was not in that connection's
  // statement cache). Must be thread-safe. Empty: no call.
  std::function<void(std::string_view sql, bool prepared)> on_statement;
};

std::shared_ptr<sql::Database> open_database(const SqliteOptions& options);

}  // namespace crm::sqlite
