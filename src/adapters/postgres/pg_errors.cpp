#include "adapters/postgres/pg_errors.hpp"

#include <string>

#include "crm/error.hpp"

namespace crm::postgres {
namespace {

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

void throw_command_error(PGconn* conn, const PGresult* result, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state ? state : "";
  const std::string message = trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn));
  const std::string detail = std::string(what) + ": " + message;
  if (code == "23505") throw Error::conflict("duplicate value: " + message);
  if (code == "40001" || code == "40P01") throw Error::aborted(detail);
  // Class 08: connection exceptions; 57P0x: shutdown / cannot connect now; 53300: too many
  // connections. And no SQLSTATE at all with a dead connection: the server went away.
  if (code.starts_with("08") || code.starts_with("57P0") || code == "53300" ||
      (code.empty() && PQstatus(conn) != CONNECTION_OK))
    throw Error::unavailable("database unavailable: " + message);
  throw Error::internal("database error (" + (code.empty() ? std::string("?") : code) + ") " +
                        detail);
}

}  // namespace crm::postgres
