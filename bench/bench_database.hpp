#pragma once
// What the engine benchmarks share: a fresh database per run (a temporary SQLite file, or a
// fresh schema on a PostgreSQL server, dropped afterwards), an engine on it, --name=value flags.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "crm/crm.hpp"

namespace crm::bench {

struct Database {
  std::string url;      // what the engine opens
  std::string cleanup;  // SQLite: the file; PostgreSQL: the schema
  std::string admin_url;
};

// `tag` names the benchmark in the file or schema name; `n` tells runs of one process apart.
inline Database fresh_database(const std::string& postgres_url, std::string_view tag, int n) {
  const std::string name =
      std::string(tag) + "_" + std::to_string(::getpid()) + "_" + std::to_string(n);
  if (postgres_url.empty()) {
    const auto path = std::filesystem::temp_directory_path() / ("crm_" + name + ".db");
    return {"sqlite:" + path.string(), path.string(), ""};
  }
  storage::open_database(postgres_url)->write([&](sql::Transaction& tx) {
    tx.exec_script("CREATE SCHEMA " + name);
  });
  const char sep = postgres_url.find('?') == std::string::npos ? '?' : '&';
  return {postgres_url + sep + "options=-csearch_path%3D" + name, name, postgres_url};
}

inline void drop_database(const Database& db) {
  if (db.admin_url.empty()) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(db.cleanup + suffix, ec);
    return;
  }
  storage::open_database(db.admin_url)->write([&](sql::Transaction& tx) {
    tx.exec_script("DROP SCHEMA " + db.cleanup + " CASCADE");
  });
}

// An engine on `db` for a benchmark: no logging, a PostgreSQL pool with room for `threads`
// worker threads and the bench's own connections.
inline std::unique_ptr<Engine> open_engine(const Database& db, int threads) {
  EngineOptions options;
  options.jwt_secret = "bench-secret-0123456789abcdef0123456789";
  options.logger = null_logger();
  storage::StorageOptions storage;
  storage.postgres_pool_size = threads + 4;
  return Engine::open(storage::open_database(db.url, storage), options);
}

// The value of --name=value, else `fallback`.
inline std::string flag(int argc, char** argv, std::string_view name, std::string fallback) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=')
      return std::string(arg.substr(name.size() + 1));
  }
  return fallback;
}

}  // namespace crm::bench
