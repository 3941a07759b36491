#pragma once
// Versioned, forward-only schema migrations, run when an engine opens.

#include "crm/ports/sql.hpp"
#include "crm/time.hpp"

namespace crm::storage {

// Applies every migration newer than the database's recorded version, each in its own write
// transaction, recording it in `schema_migrations`. Safe to call from several processes: the
// version is re-read inside the write transaction.
void migrate(sql::Database& db, TimeMs now);

// The newest version this build knows.
int latest_schema_version();

}  // namespace crm::storage
