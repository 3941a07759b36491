#pragma once
// Moving up: copies every table of one database into another (typically a SQLite file into a
// fresh PostgreSQL database, when a team outgrows one machine), then verifies the copy.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::storage {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
  std::string source_checksum;  // order-independent digest of every row's values
  std::string target_checksum;
  bool matches() const { return source_rows == target_rows && source_checksum == target_checksum; }
};

struct CopyReport {
  std::vector<TableCopy> tables;
  bool ok() const;
};

// Brings both databases to the newest schema, then copies every table of `from` into `to` in
// foreign-key order, in batches, one transaction per table, and verifies row counts and a
// checksum per table. Throws kConflict when `to` already holds a libcrm schema (a copy goes
// into an empty database only). `on_table` is called after each table is copied and verified.
CopyReport copy_database(sql::Database& from, sql::Database& to, std::int64_t now_ms,
                         const std::function<void(const TableCopy&)>& on_table = {});

}  // namespace crm::storage
