#pragma once
// One libpq connection as a storage-port Connection: statements prepared once (per SQL text
// and parameter types), parameters sent typed, results read by column type.

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::postgres {

class PgConnection final : public sql::Connection {
 public:
  // Connects. Throws crm::Error(kUnavailable) when the server cannot be reached or refuses.
  PgConnection(const std::string& uri, const std::string& redacted);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  sql::Result run(std::string_view sql, std::span<const sql::Value> params) override;
  void each_row(std::string_view sql, std::span<const sql::Value> params, sql::RowFn fn) override;
  void exec_script(std::string_view sql) override;
  void lock_key(std::string_view key) override;

  // Runs a transaction-control command (BEGIN/COMMIT/ROLLBACK) and returns its command tag.
  std::string command(const char* text);
  // False once the server connection is lost: the pool then drops it instead of reusing it.
  bool healthy() const;

 private:
  struct Prepared {
    std::string name;
    int param_count = 0;
    std::shared_ptr<const std::vector<std::string>> columns;  // filled by the first result
  };
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

  Prepared& prepare(std::string_view sql, std::span<const sql::Value> params);
  // Runs the prepared statement; throws crm::Error unless it returned rows or completed.
  ResultPtr execute(Prepared& p, std::string_view sql, std::span<const sql::Value> params);

  PGconn* conn_;
  std::unordered_map<std::string, Prepared> prepared_;
};

}  // namespace crm::postgres
