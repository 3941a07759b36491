#include "core/storage/migrations.hpp"

#include <span>
#include <string_view>

#include "core/storage/schema_v1.hpp"
#include "core/storage/schema_v2.hpp"
#include "core/storage/schema_v3.hpp"
#include "core/storage/schema_v6.hpp"

namespace crm::storage {
namespace {

// A migration: SQL both engines run, then the parts each dialect writes its own way.
struct Migration {
  int version;
  std::string_view name;
  std::string_view portable_sql;
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
};

constexpr Migration kMigrations[] = {
    {1, "initial schema and seed data", kSchemaV1Tables, kSchemaV1TriggersSqlite,
     kSchemaV1TriggersPostgres},
    {2, "token versions and login failures", kSchemaV2, "", ""},
    {3, "jobs (transactional outbox)", kSchemaV3, "", ""},
    {6, "company match keys for lead ingestion", kSchemaV6, "", ""},
};

// Serializes migrations of concurrent engine opens (several servers starting on one database).
constexpr std::string_view kMigrationLock = "crm:migrations";

}  // namespace

int latest_schema_version() { return std::span(kMigrations).back().version; }

void migrate(sql::Database& db, TimeMs now) {
  db.write([&](sql::Transaction& tx) {
    tx.connection().lock_key(kMigrationLock);
    tx.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  });
  for (const Migration& m : kMigrations) {
    db.write([&](sql::Transaction& tx) {
      tx.connection().lock_key(kMigrationLock);
      if (!tx.query("SELECT 1 FROM schema_migrations WHERE version = ?", m.version).empty()) return;
      const auto dialect_sql =
          db.dialect() == sql::Dialect::kPostgres ? m.postgres_sql : m.sqlite_sql;
      for (const auto script : {m.portable_sql, dialect_sql})
        if (!script.empty()) tx.exec_script(script);
      tx.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
               m.version, m.name, now);
    });
  }
}

}  // namespace crm::storage
