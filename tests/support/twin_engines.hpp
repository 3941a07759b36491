#pragma once
// Two engines on one fresh database, as two crm-server processes sharing it would be: each
// with its own connections (SQLite: its own handles on one temporary file; PostgreSQL: its own
// pool on one schema). For tests of races that only the database can settle.

#include <boost/json.hpp>

#include <array>
#include <memory>
#include <string>

#include "adapters/rest/api.hpp"
#include "crm/crm.hpp"

namespace crm::test {

struct TwinResult {
  int status = 0;
  boost::json::value body;
};

class TwinEngines {
 public:
  // `options` is applied to both engines (jwt secret, bcrypt cost 4 and a real clock are set).
  explicit TwinEngines(EngineOptions options = {});

  Engine& engine(int i) { return *engines_[static_cast<std::size_t>(i % 2)]; }

  // A request through engine `i % 2`'s REST adapter.
  TwinResult call(int i, const std::string& method, const std::string& target,
                  const std::string& token = "", const boost::json::value& body = nullptr);

  // Rows of one statement, run on engine 0.
  template <class... Args>
  sql::Result sql(std::string_view text, Args&&... args) {
    return engine(0).database().write(
        [&](sql::Transaction& tx) { return tx.query(text, std::forward<Args>(args)...); });
  }

 private:
  std::array<std::unique_ptr<Engine>, 2> engines_;
  std::array<std::unique_ptr<rest::Api>, 2> apis_;
};

}  // namespace crm::test
