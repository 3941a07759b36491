#pragma once
// libpq's errors translated to crm::Error in one place.

#include <libpq-fe.h>

#include <string_view>

namespace crm::postgres {

// Throws the crm::Error for a failed command: unique violation -> kConflict; serialization
// failure or deadlock -> kAborted (Database::write retries); a lost or refused connection ->
// kUnavailable; anything else -> kInternal with the server's message (for the log only).
// `result` may be null (then the connection's message is used).
[[noreturn]] void throw_command_error(PGconn* conn, const PGresult* result, std::string_view what);

}  // namespace crm::postgres
