#include "adapters/postgres/postgres_database.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "adapters/postgres/pg_connection.hpp"
#include "crm/error.hpp"

namespace crm::postgres {
namespace {

// How long a caller waits for a free connection before kUnavailable.
constexpr auto kLeaseTimeout = std::chrono::seconds(30);

// Connections opened on demand up to `size`; a connection found broken when returned is
// closed, so the next lease opens a fresh one. Thread-safe.
class Pool {
 public:
  Pool(PostgresOptions options) : options_(std::move(options)) {}

  std::unique_ptr<PgConnection> lease() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, kLeaseTimeout,
                      [&] { return !idle_.empty() || open_ < options_.pool_size; }))
      throw Error::unavailable("no database connection free within 30 s");
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<PgConnection>(options_.uri, options_.redacted);
    } catch (...) {
      lock.lock();
      --open_;
      cv_.notify_one();
      throw;
    }
  }

  void release(std::unique_ptr<PgConnection> conn) {
    std::lock_guard lock(mu_);
    if (conn->healthy()) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
      if (options_.logger) options_.logger->warning("postgres: dropped a broken connection");
    }
    cv_.notify_one();
  }

 private:
  const PostgresOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                     // guarded by mu_: leased + idle
};

class PgTransaction final : public sql::Transaction {
 public:
  PgTransaction(std::shared_ptr<Pool> pool, const char* begin)
      : pool_(std::move(pool)), conn_(pool_->lease()) {
    try {
      conn_->command(begin);
    } catch (...) {
      pool_->release(std::move(conn_));
      throw;
    }
  }
  ~PgTransaction() override {
    if (!done_) {
      try {
        conn_->command("ROLLBACK");
      } catch (...) {  // destructors never throw; a broken connection is dropped on release
      }
    }
    pool_->release(std::move(conn_));
  }

  sql::Connection& connection() override { return *conn_; }

 protected:
  void commit() override {
    done_ = true;
    // COMMIT of a transaction that an earlier statement failed answers ROLLBACK, not an error:
    // a caller that swallowed that failure must not believe its writes landed.
    if (conn_->command("COMMIT") != "COMMIT")
      throw Error::internal("transaction rolled back after an earlier error");
  }

 private:
  std::shared_ptr<Pool> pool_;
  std::unique_ptr<PgConnection> conn_;
  bool done_ = false;
};

class PostgresDatabase final : public sql::Database {
 public:
  explicit PostgresDatabase(PostgresOptions options)
      : pool_(std::make_shared<Pool>(std::move(options))) {
    pool_->release(pool_->lease());  // fail now, not at the first request, on a bad URL
  }

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }

  std::unique_ptr<sql::Transaction> read() override {
    return std::make_unique<PgTransaction>(pool_,
                                           "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

 protected:
  std::unique_ptr<sql::Transaction> begin_write() override {
    return std::make_unique<PgTransaction>(pool_, "BEGIN ISOLATION LEVEL READ COMMITTED");
  }

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace

std::shared_ptr<sql::Database> open_database(const PostgresOptions& options) {
  if (options.pool_size < 1) throw Error::invalid("PostgreSQL pool size must be at least 1");
  return std::make_shared<PostgresDatabase>(options);
}

}  // namespace crm::postgres
