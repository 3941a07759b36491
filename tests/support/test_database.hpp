#pragma once
// Where tests keep their data. By default SQLite: a private in-memory database per fixture,
// or a temporary file when several engines must share one. When CRM_TEST_POSTGRES_URL is set
// (a URL of a PostgreSQL server whose user may create databases), every test binary makes a
// database of its own on that server (dropped at exit) and each fixture gets a fresh schema in
// it, so the same suites run unchanged on PostgreSQL.

#include <memory>
#include <string>

#include "crm/ports/sql.hpp"

namespace crm::test {

// True when this run's tests use PostgreSQL.
bool testing_postgres();

// A URL for a fresh, empty database that several engines may open at once, as several server
// processes would (SQLite: a new temporary file; PostgreSQL: a new schema).
std::string fresh_shared_database_url();

// A fresh, empty database for one fixture (SQLite: in memory).
std::shared_ptr<sql::Database> open_fresh_database();

}  // namespace crm::test
