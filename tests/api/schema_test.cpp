// One schema, two dialects: after every migration, SQLite and PostgreSQL hold the same tables,
// columns (with their nullability) and indexes. Needs CRM_TEST_POSTGRES_URL (CI sets it).
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>
#include <tuple>

#include "crm/crm.hpp"
#include "support/api_fixture.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;

namespace {

struct Schema {
  std::set<std::tuple<std::string, std::string, bool>> columns;  // table, column, not null
  std::set<std::pair<std::string, std::string>> indexes;         // table, index (named ones)
  std::set<int> versions;
};

// The search indexes are each engine's own (FTS5 trigram tables on SQLite, pg_trgm GIN indexes
// on PostgreSQL, migration 8): everything else must match.
bool search_structure(const std::string& name) {
  return name.find("_search") != std::string::npos || name.ends_with("_trgm");
}

Schema read_schema(sql::Database& db) {
  Schema s;
  auto tx = db.read();
  const bool pg = db.dialect() == sql::Dialect::kPostgres;
  const auto columns = pg ? tx->query(
                                "SELECT table_name AS t, column_name AS c, is_nullable AS nullable "
                                "FROM information_schema.columns "
                                "WHERE table_schema = current_schema()")
                          : tx->query(
                                "SELECT m.name AS t, p.name AS c, CASE WHEN p.\"notnull\" = 1 OR "
                                "p.pk = 1 THEN 'NO' ELSE 'YES' END "
                                "AS nullable FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                                "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'");
  for (const auto& r : columns.rows)
    if (!search_structure(r.text("t")))
      s.columns.insert({r.text("t"), r.text("c"), r.text("nullable") == "NO"});
  // Explicit indexes; the ones a PRIMARY KEY or UNIQUE column makes are named by each engine.
  const auto indexes =
      pg ? tx->query(
               "SELECT tablename AS t, indexname AS i FROM pg_indexes WHERE schemaname = "
               "current_schema() "
               "AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'")
         : tx->query(
               "SELECT tbl_name AS t, name AS i FROM sqlite_master WHERE type = 'index' "
               "AND name NOT LIKE 'sqlite_autoindex%'");
  for (const auto& r : indexes.rows)
    if (!search_structure(r.text("t")) && !search_structure(r.text("i")))
      s.indexes.insert({r.text("t"), r.text("i")});
  for (const auto& r : tx->query("SELECT version FROM schema_migrations").rows)
    s.versions.insert(static_cast<int>(r.integer("version")));
  return s;
}

std::unique_ptr<Engine> open_engine(std::shared_ptr<sql::Database> db) {
  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  return Engine::open(std::move(db), options);
}

}  // namespace

TEST_CASE("schema: SQLite and PostgreSQL end with the same tables, columns and indexes") {
  if (!testing_postgres()) {
    MESSAGE("CRM_TEST_POSTGRES_URL is not set: the PostgreSQL side of this comparison is skipped");
    return;
  }
  auto sqlite = open_engine(storage::open_database("sqlite::memory:"));
  auto postgres = open_engine(open_fresh_database());
  const Schema a = read_schema(sqlite->database());
  const Schema b = read_schema(postgres->database());
  CHECK(a.versions == b.versions);
  CHECK(a.columns.size() > 100);
  for (const auto& c : a.columns)
    CHECK_MESSAGE(b.columns.contains(c), std::get<0>(c) << "." << std::get<1>(c));
  for (const auto& c : b.columns)
    CHECK_MESSAGE(a.columns.contains(c), std::get<0>(c) << "." << std::get<1>(c));
  CHECK(a.indexes == b.indexes);
}

TEST_CASE("schema: concurrent engine opens run each migration once") {
  const std::string url = fresh_shared_database_url();
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      if (open_engine(storage::open_database(url))) ++opened;
    });
  for (auto& t : threads) t.join();
  CHECK(opened == 4);
  auto engine = open_engine(storage::open_database(url));
  auto tx = engine->database().read();
  CHECK(tx->query("SELECT COUNT(*) AS n FROM schema_migrations").first().integer("n") ==
        static_cast<std::int64_t>(read_schema(engine->database()).versions.size()));
  CHECK(tx->query("SELECT COUNT(*) AS n FROM tags WHERE is_system = 1").first().integer("n") == 13);
}
