#pragma once
// What every `crm` subcommand shares: the engine opened from --db, the acting operator, and
// output in either human tables or JSON (--json, the API's shapes).

#include <boost/json/value.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "crm/crm.hpp"

namespace crm::cli {

struct GlobalOptions {
  std::string database_url = "sqlite:data/crm.db";
  std::optional<std::string> acting_email;  // --as: the user the CLI acts as
  bool json = false;
};

class CliContext {
 public:
  explicit CliContext(const GlobalOptions& options);

  // Opens the engine on first use, so commands that need no database (routes) create none.
  Engine& engine();
  // Before the first engine(): let the database keep at least `n` connections (commands that
  // work on several threads, like `crm worker`).
  void reserve_connections(int n) { connections_ = std::max(connections_, n); }
  bool json() const { return options_.json; }
  // The --as user, else the first active admin. kNotFound when neither exists.
  Actor actor();

  // Prints `value` as one JSON document on stdout.
  void print_json(const boost::json::value& value) const;

 private:
  GlobalOptions options_;
  int connections_ = 2;
  std::unique_ptr<Engine> engine_;
};

// Exit codes, mapped from crm::ErrorCode in one place: 0 success, 1 internal, 2 usage (CLI11),
// 3 invalid argument, 4 not found, 5 conflict, 6 permission denied, 7 other errors.
int exit_code(const Error& e);

// Reads a line from the terminal without echo (for passwords). Empty when stdin is no TTY.
std::string read_secret(const std::string& prompt);

}  // namespace crm::cli
