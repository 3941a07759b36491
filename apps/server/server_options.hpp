#pragma once
// Command-line and environment configuration of crm-server, parsed without I/O so it can be
// unit-tested: the caller passes argv and a function that reads environment variables.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::server {

struct ServerOptions {
  std::string database_url = "sqlite:data/crm.db";  // --db / CRM_DATABASE_URL
  std::string host = "127.0.0.1";                   // --host / HOST
  std::uint16_t port = 3000;                        // --port / PORT; 0 picks a free port
  std::string data_dir = "data";                    // --data-dir
  unsigned threads = 1;                             // --threads: I/O threads; default min(2, cores)
  unsigned workers = 4;                  // --workers: request handler threads; default 4 x cores
  std::size_t max_connections = 10'000;  // --max-connections
  std::size_t max_inflight_body_bytes = std::size_t{256} << 20;  // --max-inflight-body-bytes
  std::string public_base_url;               // --public-base-url / PUBLIC_BASE_URL
  std::string jwt_secret;                    // JWT_SECRET (required, >= 32 bytes)
  std::string encryption_key;                // ENCRYPTION_KEY (optional)
  std::optional<int> bcrypt_cost;            // BCRYPT_COST (optional, 4..31)
  unsigned worker_threads = 1;               // --worker-threads: background job workers; 0: none
  std::vector<std::string> trusted_proxies;  // TRUSTED_PROXIES (comma-separated IPs)
};

// Either options to run with, or a message to print and an exit code (0 for --help, 2 for a
// usage or configuration error).
struct ParseResult {
  std::optional<ServerOptions> options;
  std::string message;
  int exit_code = 0;
};

// Returns the value of an environment variable, or nullopt when it is unset.
using EnvGetter = std::function<std::optional<std::string>(std::string_view name)>;

// Flags win over environment variables, which win over defaults. Accepts "--flag value" and
// "--flag=value". `hardware_threads` (0 is treated as 1) sets the defaults of --threads and
// --workers.
ParseResult parse_server_options(int argc, const char* const* argv, const EnvGetter& env,
                                 unsigned hardware_threads);

// An EnvGetter over the process environment (std::getenv).
EnvGetter process_env();

std::string usage_text();

}  // namespace crm::server
