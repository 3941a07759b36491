#include "core/storage/migrations.hpp"

#include <span>
#include <string_view>

#include "core/storage/schema_v1.hpp"

namespace crm::storage {
namespace {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sqlite_sql;
};

constexpr Migration kMigrations[] = {
    {1, "initial schema and seed data", kSchemaV1Sqlite},
};

}  // namespace

int latest_schema_version() { return std::span(kMigrations).back().version; }

void migrate(sql::Database& db, TimeMs now) {
  {
    auto tx = db.write();
    tx->exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    tx->commit();
  }
  for (const Migration& m : kMigrations) {
    auto tx = db.write();
    const auto done = tx->query("SELECT 1 FROM schema_migrations WHERE version = ?", m.version);
    if (!done.empty()) continue;
    tx->exec_script(m.sqlite_sql);
    tx->query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
              m.version, m.name, now);
    tx->commit();
  }
}

}  // namespace crm::storage
