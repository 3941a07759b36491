#pragma once
// Picks the storage adapter for a database URL.

#include <memory>
#include <string_view>

#include "crm/ports/sql.hpp"

namespace crm::storage {

// "sqlite:PATH", "sqlite::memory:", a bare PATH -> SQLite. "postgres://..." / "postgresql://..."
// -> kNotConfigured until the PostgreSQL adapter lands. Throws crm::Error.
std::unique_ptr<sql::Database> open_database(std::string_view url, int readers);

}  // namespace crm::storage
