#include "adapters/storage_factory.hpp"

#include <filesystem>

#include "adapters/sqlite/sqlite_database.hpp"
#include "crm/error.hpp"

namespace crm::storage {

std::unique_ptr<sql::Database> open_database(std::string_view url, int readers) {
  if (url.starts_with("postgres://") || url.starts_with("postgresql://"))
    throw Error(ErrorCode::kNotConfigured, "PostgreSQL storage is not available in this build yet");
  std::string path(url.starts_with("sqlite:") ? url.substr(7) : url);
  if (path.empty()) throw Error::invalid("database URL names no file");
  if (path != ":memory:") {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  return sqlite::open_database({path, readers, 5000});
}

}  // namespace crm::storage
