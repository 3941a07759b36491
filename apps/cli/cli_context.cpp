#include "cli_context.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "adapters/curl/curl_client.hpp"
#include "adapters/enrichment/providers_from_env.hpp"
#include "adapters/rest/json_writer.hpp"
#include "core/runtime.hpp"
#include "core/util/ids.hpp"
#include "core/util/text.hpp"
#include "crm/storage.hpp"

namespace crm::cli {
namespace {

EngineOptions engine_options() {
  EngineOptions o;
  // The CLI mints no tokens that leave the process, but secrets at rest are derived from the
  // same keys as the server's: pass the server's JWT_SECRET / ENCRYPTION_KEY when a command
  // touches them.
  if (const char* secret = std::getenv("JWT_SECRET"); secret && std::string(secret).size() >= 32)
    o.jwt_secret = secret;
  else
    o.jwt_secret = ids::random_token(32);
  if (const char* key = std::getenv("ENCRYPTION_KEY")) o.encryption_key = key;
  if (const char* cost = std::getenv("BCRYPT_COST")) o.bcrypt_cost = std::atoi(cost);
  o.providers = providers::from_environment(curl::make_client());
  return o;
}

}  // namespace

CliContext::CliContext(const GlobalOptions& options) : options_(options) {}

Engine& CliContext::engine() {
  if (!engine_) {
    storage::StorageOptions storage;
    storage.sqlite_readers = connections_ - 1;
    storage.postgres_pool_size = connections_;
    engine_ =
        Engine::open(storage::open_database(options_.database_url, storage), engine_options());
  }
  return *engine_;
}

Actor CliContext::actor() {
  auto tx = engine().runtime().db->read();
  const auto res = options_.acting_email
                       ? tx->query("SELECT id, role FROM users WHERE email = ? AND is_active = 1",
                                   text::normalize_email(*options_.acting_email))
                       : tx->query(
                             "SELECT id, role FROM users WHERE role = 'ADMIN' AND is_active = 1 "
                             "ORDER BY created_at LIMIT 1");
  if (res.empty())
    throw Error::not_found(options_.acting_email ? "No active user " + *options_.acting_email
                                                 : "No active admin: run `crm init` first");
  return {res.first().text("id"), parse_role(res.first().text("role")).value_or(Role::kRep)};
}

void CliContext::print_json(const boost::json::value& value) const {
  std::cout << rest::write_json(value) << "\n";
}

int exit_code(const Error& e) {
  switch (e.code()) {
    case ErrorCode::kInvalidArgument:
      return 3;
    case ErrorCode::kNotFound:
      return 4;
    case ErrorCode::kConflict:
      return 5;
    case ErrorCode::kPermissionDenied:
      return 6;
    case ErrorCode::kAborted:
      return 5;
    case ErrorCode::kInternal:
      return 1;
    default:
      return 7;
  }
}

std::string read_secret(const std::string& prompt) {
  if (!isatty(STDIN_FILENO)) return "";
  std::cerr << prompt << std::flush;
  termios old_mode{};
  tcgetattr(STDIN_FILENO, &old_mode);
  termios silent = old_mode;
  silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::cerr << "\n";
  return line;
}

}  // namespace crm::cli
