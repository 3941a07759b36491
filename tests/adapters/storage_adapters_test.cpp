// The storage adapters below the port: URL parsing, PostgreSQL placeholder numbering, and values
// read back with their real types on each engine.
#include <doctest/doctest.h>

#include "adapters/postgres/placeholders.hpp"
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
