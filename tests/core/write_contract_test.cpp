// The storage port's write contract (DOMAIN.md §18), on a scripted in-memory Database: retries
// on kAborted, after-commit hooks only after a successful commit, nested writes refused.
#include <doctest/doctest.h>

#include "crm/error.hpp"
#include "crm/ports/sql.hpp"

using namespace crm;

namespace {

class NullConnection final : public sql::Connection {
 public:
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  sql::Result run(std::string_view, std::span<const sql::Value>) override { return {}; }
  void exec_script(std::string_view) override {}
  void lock_key(std::string_view) override {}
};

// Commits fail with kAborted while `aborts_left` > 0.
class ScriptedDatabase final : public sql::Database {
 public:
  int aborts_left = 0;
  int begun = 0;
  int committed = 0;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  std::unique_ptr<sql::Transaction> read() override { return std::make_unique<Tx>(*this); }

 protected:
  std::unique_ptr<sql::Transaction> begin_write() override {
    ++begun;
    return std::make_unique<Tx>(*this);
  }

 private:
  class Tx final : public sql::Transaction {
   public:
    explicit Tx(ScriptedDatabase& db) : db_(db) {}
    sql::Connection& connection() override { return conn_; }

   protected:
    void commit() override {
      if (db_.aborts_left > 0) {
        --db_.aborts_left;
        throw Error::aborted("could not serialize access");
      }
      ++db_.committed;
    }

   private:
    ScriptedDatabase& db_;
    NullConnection conn_;
  };
};

}  // namespace

TEST_CASE("write contract: a lost race is retried; hooks run once, after the commit") {
  ScriptedDatabase db;
  db.aborts_left = 3;
  int runs = 0, hooks = 0;
  const int result = db.write([&](sql::Transaction& tx) {
    ++runs;
    tx.after_commit([&] { ++hooks; });
    return 42;
  });
  CHECK(result == 42);
  CHECK(runs == 4);
  CHECK(db.committed == 1);
  CHECK(hooks == 1);  // the three aborted attempts' hooks never ran
}

TEST_CASE("write contract: a rollback runs no hook and rethrows") {
  ScriptedDatabase db;
  int hooks = 0;
  CHECK_THROWS_AS(db.write([&](sql::Transaction& tx) {
    tx.after_commit([&] { ++hooks; });
    throw Error::invalid("bad input");
  }),
                  Error);
  CHECK(hooks == 0);
  CHECK(db.begun == 1);  // other errors are not retried
}

TEST_CASE("write contract: losing every attempt surfaces kAborted") {
  ScriptedDatabase db;
  db.aborts_left = 100;
  try {
    db.write([](sql::Transaction&) {});
    FAIL("expected kAborted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kAborted);
    CHECK(http_status(e.code()) == 409);
  }
  CHECK(db.begun == sql::Database::kMaxWriteAttempts);
}

TEST_CASE("write contract: a write inside a write to the same database is refused") {
  ScriptedDatabase db, other;
  CHECK_THROWS_AS(db.write([&](sql::Transaction&) { db.write([](sql::Transaction&) {}); }), Error);
  CHECK_NOTHROW(db.write([&](sql::Transaction&) { other.write([](sql::Transaction&) {}); }));
}
