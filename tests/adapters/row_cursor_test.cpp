// Connection::each, the row cursor of the storage port: each row read in place by column
// index on both engines, nulls told apart from empty texts and zeros, and a callback's
// exception leaving the connection usable.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "crm/error.hpp"
#include "support/test_database.hpp"

using namespace crm;

namespace {

struct Seen {
  std::string name;
  std::optional<std::string> note;
  std::int64_t n = 0;
  std::optional<std::int64_t> due;
  bool note_null = false;
};

void seed(sql::Database& db) {
  db.write([](sql::Transaction& tx) {
    tx.exec_script(
        "CREATE TABLE cursor_rows (id TEXT PRIMARY KEY, note TEXT, n BIGINT, due BIGINT)");
    tx.query(
        "INSERT INTO cursor_rows (id, note, n, due) VALUES (?, ?, ?, ?), (?, ?, ?, ?), "
        "(?, ?, ?, ?)",
        "a", "", std::int64_t{0}, sql::null(), "b", sql::null(), std::int64_t{-7},
        std::int64_t{1'700'000'000'000}, "c", "caf\xc3\xa9 \"x\"",
        std::int64_t{9'000'000'000'000'000'000}, std::int64_t{0});
  });
}

}  // namespace

TEST_CASE("each reads every row in place by column index, nulls apart from empty and zero") {
  auto db = test::open_fresh_database();
  seed(*db);
  auto tx = db->read();
  std::vector<Seen> seen;
  const sql::Value params[] = {std::string("z")};
  tx->connection().each("SELECT id AS name, note, n, due FROM cursor_rows WHERE id < ? ORDER BY id",
                        params, [&](const sql::RowView& r) {
                          CHECK(r.size() == 4);
                          CHECK(r.column_name(0) == "name");
                          CHECK(r.column_name(3) == "due");
                          Seen& s = seen.emplace_back();
                          s.name = std::string(r.text(0));
                          if (auto note = r.opt_text(1)) s.note.emplace(*note);
                          s.note_null = r.is_null(1);
                          s.n = r.integer(2);
                          s.due = r.opt_integer(3);
                        });
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].name == "a");
  CHECK(seen[0].note == std::optional<std::string>(""));  // empty text, not null
  CHECK_FALSE(seen[0].note_null);
  CHECK(seen[0].n == 0);
  CHECK_FALSE(seen[0].due.has_value());
  CHECK(seen[1].note == std::nullopt);
  CHECK(seen[1].note_null);
  CHECK(seen[1].n == -7);
  CHECK(seen[1].due == std::int64_t{1'700'000'000'000});
  CHECK(seen[2].note == std::optional<std::string>("caf\xc3\xa9 \"x\""));
  CHECK(seen[2].n == 9'000'000'000'000'000'000);
  CHECK(seen[2].due == std::int64_t{0});  // zero, not null
}

TEST_CASE("each with no rows calls nothing; a null column reads as empty text and zero") {
  auto db = test::open_fresh_database();
  seed(*db);
  auto tx = db->read();
  int calls = 0;
  const sql::Value none[] = {std::string("nobody")};
  tx->connection().each("SELECT id FROM cursor_rows WHERE id = ?", none,
                        [&](const sql::RowView&) { ++calls; });
  CHECK(calls == 0);
  const sql::Value b[] = {std::string("b")};
  tx->connection().each("SELECT note, due FROM cursor_rows WHERE id = ?", b,
                        [&](const sql::RowView& r) {
                          ++calls;
                          CHECK(r.text(0).empty());
                          CHECK(r.integer(1) == 1'700'000'000'000);
                          CHECK(r.opt_text(0) == std::nullopt);
                        });
  CHECK(calls == 1);
}

TEST_CASE("an exception from the callback stops the statement; the connection runs it again") {
  auto db = test::open_fresh_database();
  seed(*db);
  auto tx = db->read();
  auto& conn = tx->connection();
  const std::string sql = "SELECT id FROM cursor_rows ORDER BY id";
  int calls = 0;
  CHECK_THROWS_AS(conn.each(sql, {},
                            [&](const sql::RowView&) {
                              ++calls;
                              throw std::runtime_error("stop");
                            }),
                  std::runtime_error);
  CHECK(calls == 1);
  std::vector<std::string> ids;
  conn.each(sql, {}, [&](const sql::RowView& r) { ids.emplace_back(r.text(0)); });
  CHECK(ids == std::vector<std::string>{"a", "b", "c"});
  CHECK(conn.query(sql).rows.size() == 3);  // run() of the same cached statement
  // A comparison is a boolean on PostgreSQL, an integer on SQLite: integer() reads both as 0/1.
  conn.each("SELECT COUNT(*) > 1 AS many, COUNT(*) > 5 AS lots FROM cursor_rows", {},
            [&](const sql::RowView& r) {
              CHECK(r.integer(0) == 1);
              CHECK(r.integer(1) == 0);
            });
}
