#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "crm/storage.hpp"

namespace crm::test {
namespace {

std::optional<std::string> postgres_server_url() {
  const char* url = std::getenv("CRM_TEST_POSTGRES_URL");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

// `url` with its database name replaced and `query` ("k=v&...") added to its parameters.
std::string with_database(const std::string& url, const std::string& database,
                          const std::string& query) {
  const auto authority = url.find("://") + 3;
  const auto path = url.find_first_of("/?", authority);
  std::string base = url.substr(0, path == std::string::npos ? url.size() : path);
  std::string params;
  if (path != std::string::npos) {
    const auto q = url.find('?', path);
    if (q != std::string::npos) params = url.substr(q + 1);
  }
  if (!query.empty()) params += (params.empty() ? "" : "&") + query;
  return base + "/" + database + (params.empty() ? "" : "?" + params);
}

// The per-binary PostgreSQL database: created on first use, dropped when the binary exits.
class PostgresTestDatabase {
 public:
  explicit PostgresTestDatabase(std::string server_url)
      : server_url_(std::move(server_url)), name_("crm_test_" + std::to_string(::getpid())) {
    auto admin = storage::open_database(server_url_);
    admin->write(
        [&](sql::Transaction& tx) { outside_transaction(tx, "DROP DATABASE IF EXISTS " + name_); });
  }

  // CREATE/DROP DATABASE cannot run inside a transaction, and the port only runs statements in
  // one: end it, run the statement on its own, and open a new one for the adapter to commit.
  static void outside_transaction(sql::Transaction& tx, const std::string& statement) {
    tx.exec_script("COMMIT");
    tx.exec_script(statement);
    tx.exec_script("BEGIN");
  }

  void create_once() {
    std::call_once(created_, [&] {
      auto admin = storage::open_database(server_url_);
      admin->write(
          [&](sql::Transaction& tx) { outside_transaction(tx, "CREATE DATABASE " + name_); });
      std::atexit([] { instance()->drop(); });
    });
  }

  std::string fresh_schema_url() {
    create_once();
    const std::string schema = "t" + std::to_string(++schemas_);
    auto db = storage::open_database(with_database(server_url_, name_, ""));
    db->write([&](sql::Transaction& tx) { tx.exec_script("CREATE SCHEMA " + schema); });
    return with_database(server_url_, name_, "options=-csearch_path%3D" + schema);
  }

  void drop() {
    try {
      auto admin = storage::open_database(server_url_);
      admin->write([&](sql::Transaction& tx) {
        outside_transaction(tx, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      });
    } catch (...) {  // best effort at exit
    }
  }

  static PostgresTestDatabase* instance() {
    static auto* db =
        postgres_server_url() ? new PostgresTestDatabase(*postgres_server_url()) : nullptr;
    return db;
  }

 private:
  const std::string server_url_;
  const std::string name_;
  std::once_flag created_;
  std::atomic<int> schemas_{0};
};

std::filesystem::path sqlite_temp_dir() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("crm_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(
          std::filesystem::temp_directory_path() / ("crm_test_" + std::to_string(::getpid())), ec);
    });
    return d;
  }();
  return dir;
}

}  // namespace

bool testing_postgres() { return postgres_server_url().has_value(); }

std::string fresh_shared_database_url() {
  if (auto* pg = PostgresTestDatabase::instance()) return pg->fresh_schema_url();
  static std::atomic<int> files{0};
  return "sqlite:" + (sqlite_temp_dir() / ("db" + std::to_string(++files) + ".sqlite")).string();
}

std::shared_ptr<sql::Database> open_fresh_database() {
  if (auto* pg = PostgresTestDatabase::instance()) {
    storage::StorageOptions options;
    options.postgres_pool_size = 4;
    return storage::open_database(pg->fresh_schema_url(), options);
  }
  return storage::open_database("sqlite::memory:");
}

}  // namespace crm::test
