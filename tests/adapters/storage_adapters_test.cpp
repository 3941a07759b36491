// The storage adapters below the port: URL parsing, PostgreSQL placeholder numbering, and values
// read back with their real types on each engine.
#include <doctest/doctest.h>

#include <filesystem>

#include "adapters/postgres/placeholders.hpp"
#include "adapters/sqlite/sqlite_database.hpp"
#include "crm/error.hpp"
#include "crm/storage.hpp"
#include "support/test_database.hpp"

using namespace crm;

TEST_CASE("database URLs: dialect, path, and passwords masked") {
  const auto pg =
      storage::parse_database_url("postgres://crm:s3cret@db.example.com:5432/crm?sslmode=require");
  CHECK(pg.dialect == sql::Dialect::kPostgres);
  CHECK(pg.redacted == "postgres://crm:***@db.example.com:5432/crm?sslmode=require");
  CHECK(pg.redacted.find("s3cret") == std::string::npos);
  CHECK(storage::parse_database_url("postgresql://db/crm").redacted == "postgresql://db/crm");
  CHECK(storage::parse_database_url("sqlite:data/crm.db").sqlite_path == "data/crm.db");
  CHECK(storage::parse_database_url("data/crm.db").sqlite_path == "data/crm.db");
  CHECK(storage::parse_database_url("sqlite::memory:").sqlite_path == ":memory:");
  CHECK_THROWS_AS(storage::parse_database_url("mysql://db/crm"), Error);
  CHECK_THROWS_AS(storage::parse_database_url("sqlite:"), Error);
}

TEST_CASE("postgres placeholders: numbered outside literals, identifiers and comments") {
  int n = 0;
  CHECK(postgres::number_placeholders("SELECT a FROM t WHERE b = ? AND c = ?", n) ==
        "SELECT a FROM t WHERE b = $1 AND c = $2");
  CHECK(n == 2);
  CHECK(postgres::number_placeholders("SELECT '?', \"q?\" -- ?\n, ? /* ? */ , 'it''s ?' , ?", n) ==
        "SELECT '?', \"q?\" -- ?\n, $1 /* ? */ , 'it''s ?' , $2");
  CHECK(n == 2);
}

TEST_CASE("values come back with their real types on both engines") {
  auto db = test::open_fresh_database();
  const auto row =
      db->write([](sql::Transaction& tx) {
          tx.exec_script("CREATE TABLE typed (n BIGINT, d DOUBLE PRECISION, s TEXT)");
          tx.query("INSERT INTO typed (n, d, s) VALUES (?, ?, ?), (?, ?, ?)",
                   std::int64_t{4'000'000'000'000'000'000}, 1.5, "x",
                   std::int64_t{4'000'000'000'000'000'000}, 2.25, sql::null());
          return tx.query(
              "SELECT SUM(n / 2) AS total, MAX(d) AS d, COUNT(s) AS texts, MIN(s) AS s, "
              "COUNT(*) > 1 AS many FROM typed");
        }).first();
  // SUM over BIGINT is NUMERIC on PostgreSQL: read back as an exact int64.
  CHECK(row.integer("total") == 4'000'000'000'000'000'000);
  CHECK(row.real("d") == 2.25);
  CHECK(row.integer("texts") == 1);
  CHECK(row.text("s") == "x");
  CHECK(row.boolean("many"));
}

TEST_CASE("write_checking_keys_at_end: no per-row key checks inside (SQLite), enforced after") {
  auto db = test::open_fresh_database();
  db->write([](sql::Transaction& tx) {
    tx.exec_script(
        "CREATE TABLE fk_parent (id TEXT PRIMARY KEY); "
        "CREATE TABLE fk_child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES fk_parent(id))");
  });
  const auto dangling = [](sql::Transaction& tx, const char* id) {
    tx.query("INSERT INTO fk_child (id, parent_id) VALUES (?, 'missing')", id);
  };
  if (test::testing_postgres()) {
    // Checked per row there: the insert itself fails.
    CHECK_THROWS_AS(
        db->write_checking_keys_at_end([&](sql::Transaction& tx) { dangling(tx, "c1"); }), Error);
  } else {
    // The transaction sees the dangling row through foreign_key_check, which is how bulk_load
    // refuses it; here it is rolled back by the exception.
    CHECK_THROWS_AS(db->write_checking_keys_at_end([&](sql::Transaction& tx) {
      dangling(tx, "c1");
      CHECK(tx.query("SELECT COUNT(*) AS n FROM pragma_foreign_key_check").first().integer("n") ==
            1);
      throw Error(ErrorCode::kInvalidArgument, "dangling");
    }),
                    Error);
  }
  // Every later write checks per row again, after a rollback as after a commit.
  CHECK_THROWS_AS(db->write([&](sql::Transaction& tx) { dangling(tx, "c2"); }), Error);
  db->write_checking_keys_at_end([](sql::Transaction& tx) {
    tx.query("INSERT INTO fk_parent (id) VALUES ('p')");
    tx.query("INSERT INTO fk_child (id, parent_id) VALUES ('c3', 'p')");
  });
  CHECK_THROWS_AS(db->write([&](sql::Transaction& tx) { dangling(tx, "c4"); }), Error);
  CHECK(db->read()->query("SELECT COUNT(*) AS n FROM fk_child").first().integer("n") == 1);
}

TEST_CASE("sqlite: new database files get 16 KiB pages, existing files keep theirs") {
  if (test::testing_postgres()) return;
  const auto page_size = [](sql::Database& db) {
    return db.read()->query("PRAGMA page_size").first().integer("page_size");
  };
  const auto touch = [](sql::Database& db) {
    db.write([](sql::Transaction& tx) { tx.exec_script("CREATE TABLE IF NOT EXISTS t (x TEXT)"); });
  };
  {
    auto db = storage::open_database(test::fresh_shared_database_url());
    touch(*db);
    CHECK(page_size(*db) == 16384);
  }
  const auto url = test::fresh_shared_database_url();
  {
    sqlite::SqliteOptions o;
    o.path = storage::parse_database_url(url).sqlite_path;
    o.new_file_page_size = 4096;
    auto db = sqlite::open_database(o);
    touch(*db);
    CHECK(page_size(*db) == 4096);
  }
  auto reopened = storage::open_database(url);
  touch(*reopened);
  CHECK(page_size(*reopened) == 4096);
}

TEST_CASE("sqlite: the write-ahead log is trimmed after a large transaction") {
  if (test::testing_postgres()) return;
  sqlite::SqliteOptions o;
  o.path = storage::parse_database_url(test::fresh_shared_database_url()).sqlite_path;
  o.new_file_page_size = 4096;  // SQLite checkpoints the log past 1,000 pages: 4 MB here
  o.wal_size_limit_bytes = 64 << 10;
  auto db = sqlite::open_database(o);
  const auto wal_bytes = [&] { return std::filesystem::file_size(o.path + "-wal"); };
  db->write([](sql::Transaction& tx) {
    tx.exec_script(
        "CREATE TABLE big (b BLOB);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
        "INSERT INTO big (b) SELECT randomblob(1000) FROM n;");
  });
  CHECK(wal_bytes() > (4u << 20));  // the transaction's frames, checkpointed as it committed
  db->write([](sql::Transaction& tx) { tx.exec_script("DELETE FROM big WHERE rowid = 1"); });
  CHECK(wal_bytes() <= (64u << 10));
  CHECK(db->read()->query("SELECT COUNT(*) AS n FROM big").first().integer("n") == 5999);
}
