#pragma once
// Opening storage: the one place that turns a database URL into a sql::Database. The programs
// (crm-server, crm) and embedders call it, then hand the database to Engine::open.
//
//   sqlite:PATH, PATH          a SQLite file (created with its folder on first open)
//   sqlite::memory:            one private in-memory SQLite database (tests)
//   postgres://user:pass@host:port/db?sslmode=...   (or postgresql://) PostgreSQL via libpq;
//                              any libpq URI parameter is passed through

#include <memory>
#include <string>
#include <string_view>

#include "crm/logger.hpp"
#include "crm/ports/sql.hpp"

namespace crm::storage {

struct DatabaseUrl {
  sql::Dialect dialect = sql::Dialect::kSqlite;
  std::string sqlite_path;   // SQLite: the file, or ":memory:"
  std::string postgres_uri;  // PostgreSQL: the URI as given (holds the password)
  std::string redacted;      // for logs and messages: the URL with the password masked
};

// Parses and checks a URL without touching the database. Throws crm::Error(kInvalidArgument).
DatabaseUrl parse_database_url(std::string_view url);

struct StorageOptions {
  // SQLite: reader connections besides the one writer.
  int sqlite_readers = 4;
  // SQLite: how long a writer waits for another process's write lock before kUnavailable.
  int sqlite_busy_timeout_ms = 5000;
  // PostgreSQL: connections in the pool (opened on demand).
  int postgres_pool_size = 16;
  // Where the adapters report what operators must know (a dropped connection, a retried race).
  std::shared_ptr<Logger> logger;
};

// Opens the database of `url`. Throws crm::Error: kInvalidArgument for a bad URL,
// kUnavailable when the server cannot be reached, kInternal for other storage failures.
std::shared_ptr<sql::Database> open_database(std::string_view url,
                                             const StorageOptions& options = {});

}  // namespace crm::storage
