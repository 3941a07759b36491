#pragma once
// PostgreSQL adapter of the storage port (libpq): a pool of connections opened on demand,
// statements prepared once per connection with typed parameters, results read with their
// column types, errors translated in one place (pg_errors.cpp).
//
// Write transactions run at READ COMMITTED: services take row locks (Connection::for_update)
// or named locks (Connection::lock_key) where a read-modify-write must not race, and unique
// constraints settle the rest. Read transactions are REPEATABLE READ READ ONLY: one snapshot.

#include <memory>
#include <string>

#include "crm/logger.hpp"
#include "crm/ports/sql.hpp"

namespace crm::postgres {

struct PostgresOptions {
  std::string uri;       // libpq connection URI (postgres://...), may hold a password
  std::string redacted;  // the URI with the password masked, for messages
  int pool_size = 16;
  std::shared_ptr<Logger> logger;
};

// Opens one connection at once to check the URI and the server. Throws crm::Error
// (kUnavailable when the server cannot be reached or refuses the login).
std::shared_ptr<sql::Database> open_database(const PostgresOptions& options);

}  // namespace crm::postgres
