#include <filesystem>

#include "adapters/postgres/postgres_database.hpp"
#include "adapters/sqlite/sqlite_database.hpp"
#include "crm/error.hpp"
#include "crm/storage.hpp"

namespace crm::storage {
namespace {

// "postgres://user:secret@host/db" -> "postgres://user:***@host/db".
std::string redact_password(std::string_view uri) {
  const auto scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return std::string(uri);
  const auto authority_start = scheme_end + 3;
  const auto authority_end = uri.find_first_of("/?", authority_start);
  const auto at = uri.rfind('@', authority_end);
  if (at == std::string_view::npos || at < authority_start) return std::string(uri);
  const auto colon = uri.find(':', authority_start);
  if (colon == std::string_view::npos || colon > at) return std::string(uri);
  return std::string(uri.substr(0, colon + 1)) + "***" + std::string(uri.substr(at));
}

}  // namespace

DatabaseUrl parse_database_url(std::string_view url) {
  DatabaseUrl out;
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    out.dialect = sql::Dialect::kPostgres;
    out.postgres_uri = std::string(url);
    out.redacted = redact_password(url);
    return out;
  }
  if (url.find("://") != std::string_view::npos)
    throw Error::invalid("unsupported database URL scheme (use sqlite:PATH or postgres://...)");
  std::string_view path = url.starts_with("sqlite:") ? url.substr(7) : url;
  if (path.empty()) throw Error::invalid("database URL names no file");
  out.sqlite_path = std::string(path);
  out.redacted = "sqlite:" + out.sqlite_path;
  return out;
}

std::shared_ptr<sql::Database> open_database(std::string_view url, const StorageOptions& options) {
  const DatabaseUrl parsed = parse_database_url(url);
  const auto logger = options.logger ? options.logger : stderr_logger();
  if (parsed.dialect == sql::Dialect::kPostgres)
    return postgres::open_database(
        {parsed.postgres_uri, parsed.redacted, options.postgres_pool_size, logger});
  if (parsed.sqlite_path != ":memory:") {
    const auto parent = std::filesystem::path(parsed.sqlite_path).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  sqlite::SqliteOptions sqlite_options;
  sqlite_options.path = parsed.sqlite_path;
  sqlite_options.readers = options.sqlite_readers;
  sqlite_options.busy_timeout_ms = options.sqlite_busy_timeout_ms;
  return sqlite::open_database(sqlite_options);
}

}  // namespace crm::storage
