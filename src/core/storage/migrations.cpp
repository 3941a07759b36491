#include "core/storage/migrations.hpp"

#include <string_view>
#include <vector>

#include "core/storage/schema_v1.hpp"
#include "core/storage/schema_v10.hpp"
#include "core/storage/schema_v11.hpp"
#include "core/storage/schema_v13.hpp"
#include "core/storage/schema_v2.hpp"
#include "core/storage/schema_v3.hpp"
#include "core/storage/schema_v4.hpp"
#include "core/storage/schema_v6.hpp"
#include "core/storage/schema_v7.hpp"
#include "core/storage/schema_v8.hpp"
#include "core/storage/schema_v9.hpp"

namespace crm::storage {
namespace {

// One script of a migration: SQL both engines run, or the part one dialect writes its own way.
struct Step {
  enum class On { kBoth, kSqlite, kPostgres } on;
  std::string_view sql;
};
using On = Step::On;

struct Migration {
  int version;
  std::string_view name;
  std::vector<Step> steps;  // in order
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1,
       "initial schema and seed data",
       {{On::kBoth, kSchemaV1Tables},
        {On::kSqlite, kSchemaV1TriggersSqlite},
        {On::kPostgres, kSchemaV1TriggersPostgres}}},
      {2, "token versions and login failures", {{On::kBoth, kSchemaV2}}},
      {3, "jobs (transactional outbox)", {{On::kBoth, kSchemaV3}}},
      {4, "partial indexes for job claims", {{On::kBoth, kSchemaV4}}},
      {6, "company match keys for lead ingestion", {{On::kBoth, kSchemaV6}}},
      {7, "invoicing, fulfillment, inventory and reference data", {{On::kBoth, kSchemaV7}}},
      {8,
       "list counts, visibility scopes and search indexes",
       {{On::kBoth, kSchemaV8Tables},
        {On::kSqlite, kSchemaV8AppendOnlySqlite},
        {On::kPostgres, kSchemaV8AppendOnlyPostgres},
        {On::kBoth, kSchemaV8Backfill},
        {On::kSqlite, kSchemaV8PaymentsBackfillSqlite},
        {On::kPostgres, kSchemaV8PaymentsBackfillPostgres},
        {On::kSqlite, kSchemaV8Sqlite},
        {On::kPostgres, kSchemaV8Postgres}}},
      {9,
       "sales automation: templates, sequences, run state, time zones, throttles",
       {{On::kBoth, kSchemaV9}}},
      {10,
       "SQLite: new leads and activities written once (derived scope supplied by the writer)",
       {{On::kSqlite, kSchemaV10Sqlite}}},
      {11, "drop leads_pipeline, an index nothing reads", {{On::kBoth, kSchemaV11}}},
      {13,
       "the lead list's next task and active tags from their indexes",
       {{On::kBoth, kSchemaV13}}},
  };
  return all;
}

bool runs_on(On on, sql::Dialect dialect) {
  return on == On::kBoth || (on == On::kPostgres) == (dialect == sql::Dialect::kPostgres);
}

// Serializes migrations of concurrent engine opens (several servers starting on one database).
constexpr std::string_view kMigrationLock = "crm:migrations";

}  // namespace

int latest_schema_version() { return migrations().back().version; }

void migrate(sql::Database& db, TimeMs now) {
  db.write([&](sql::Transaction& tx) {
    tx.connection().lock_key(kMigrationLock);
    tx.exec_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  });
  for (const Migration& m : migrations()) {
    db.write([&](sql::Transaction& tx) {
      tx.connection().lock_key(kMigrationLock);
      if (!tx.query("SELECT 1 FROM schema_migrations WHERE version = ?", m.version).empty()) return;
      for (const Step& step : m.steps)
        if (runs_on(step.on, db.dialect())) tx.exec_script(step.sql);
      tx.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
               m.version, m.name, now);
    });
  }
}

}  // namespace crm::storage
