#pragma once
// Statement texts that depend on nothing but the connection's dialect, built on first use and
// kept for the process: hot paths (an import's rows, a list page) need not rebuild ~1 KiB of
// SQL for every run. One text per call site: each `build` lambda is a type of its own.

#include <mutex>
#include <string>

#include "crm/ports/sql.hpp"

namespace crm::storage {

template <class Build>
const std::string& per_dialect(sql::Connection& conn, Build build) {
  static std::once_flag once[2];
  static std::string text[2];
  const int d = conn.dialect() == sql::Dialect::kPostgres ? 1 : 0;
  std::call_once(once[d], [&] { text[d] = build(conn); });
  return text[d];
}

}  // namespace crm::storage
