#include "server_options.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace crm::server {
namespace {

constexpr std::size_t kMinJwtSecretBytes = 32;
constexpr std::size_t kMinInflightBodyBytes = std::size_t{1} << 20;

ParseResult failure(std::string message) {
  return ParseResult{std::nullopt, "crm-server: " + std::move(message) + "\n" + usage_text(), 2};
}

// Parses a whole decimal string into [min, max]; nullopt on anything else.
std::optional<long> parse_int(std::string_view text, long min, long max) {
  long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < min || value > max)
    return std::nullopt;
  return value;
}

// A byte count: digits with an optional binary suffix K, M or G (case-insensitive).
std::optional<std::size_t> parse_size(std::string_view text) {
  std::size_t shift = 0;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        shift = 10;
        break;
      case 'm':
      case 'M':
        shift = 20;
        break;
      case 'g':
      case 'G':
        shift = 30;
        break;
      default:
        break;
    }
    if (shift != 0) text.remove_suffix(1);
  }
  auto value = parse_int(text, 1, (1L << 50) >> shift);
  if (!value) return std::nullopt;
  return static_cast<std::size_t>(*value) << shift;
}

// Applies one flag; returns an error message, or empty on success.
std::string apply_flag(ServerOptions& options, std::string_view name, const std::string& value) {
  if (name == "--db") {
    if (value.empty()) return "--db must not be empty";
    options.database_url = value;
  } else if (name == "--host") {
    if (value.empty()) return "--host must not be empty";
    options.host = value;
  } else if (name == "--port") {
    auto port = parse_int(value, 0, 65535);
    if (!port) return "--port must be an integer in 0..65535, got '" + value + "'";
    options.port = static_cast<std::uint16_t>(*port);
  } else if (name == "--data-dir") {
    if (value.empty()) return "--data-dir must not be empty";
    options.data_dir = value;
  } else if (name == "--threads") {
    auto threads = parse_int(value, 1, 1024);
    if (!threads) return "--threads must be an integer in 1..1024, got '" + value + "'";
    options.threads = static_cast<unsigned>(*threads);
  } else if (name == "--workers") {
    auto workers = parse_int(value, 1, 4096);
    if (!workers) return "--workers must be an integer in 1..4096, got '" + value + "'";
    options.workers = static_cast<unsigned>(*workers);
  } else if (name == "--max-connections") {
    auto max = parse_int(value, 1, 1'000'000);
    if (!max) return "--max-connections must be an integer in 1..1000000, got '" + value + "'";
    options.max_connections = static_cast<std::size_t>(*max);
  } else if (name == "--max-inflight-body-bytes") {
    auto bytes = parse_size(value);
    if (!bytes || *bytes < kMinInflightBodyBytes)
      return "--max-inflight-body-bytes must be a size of at least 1M (e.g. 268435456, 256M, "
             "1G), got '" +
             value + "'";
    options.max_inflight_body_bytes = *bytes;
  } else if (name == "--public-base-url") {
    options.public_base_url = value;
  } else if (name == "--worker-threads") {
    auto threads = parse_int(value, 0, 256);
    if (!threads) return "--worker-threads must be an integer in 0..256, got '" + value + "'";
    options.worker_threads = static_cast<unsigned>(*threads);
  } else {
    return "unknown option '" + std::string(name) + "'";
  }
  return {};
}

bool takes_value(std::string_view name) {
  return name == "--db" || name == "--host" || name == "--port" || name == "--data-dir" ||
         name == "--threads" || name == "--workers" || name == "--max-connections" ||
         name == "--max-inflight-body-bytes" || name == "--public-base-url" ||
         name == "--worker-threads";
}

}  // namespace

std::string usage_text() {
  return "usage: crm-server [options]\n"
         "  --db URL               sqlite:PATH, PATH or postgres://... "
         "(env CRM_DATABASE_URL; default sqlite:data/crm.db)\n"
         "  --host HOST            address to bind (env HOST; default 127.0.0.1)\n"
         "  --port PORT            port to bind, 0 picks a free one (env PORT; default 3000)\n"
         "  --data-dir DIR         folder for files beside the database (default data)\n"
         "  --threads N            I/O threads: they only move bytes (default: 2, or 1 on one "
         "core)\n"
         "  --workers N            request handler threads, which block on the database "
         "(default: 4 x cores)\n"
         "  --max-connections N    open connections at most; at the cap the longest-idle\n"
         "                         connection is closed to make room, and when none is idle\n"
         "                         the newcomer gets 503 (default 10000; also bounded by the\n"
         "                         file-descriptor limit)\n"
         "  --max-inflight-body-bytes N\n"
         "                         request body bytes held by all connections together, with\n"
         "                         an optional K/M/G suffix; a request whose body does not fit\n"
         "                         gets 503 with Retry-After and is not read (default 256M)\n"
         "  --public-base-url URL  public origin, e.g. https://crm.example.com "
         "(env PUBLIC_BASE_URL)\n"
         "  --worker-threads N     background job threads; 0 runs no worker here (default 1)\n"
         "  --help                 print this text\n"
         "environment:\n"
         "  JWT_SECRET             required, at least 32 bytes\n"
         "  ENCRYPTION_KEY         optional key for secrets at rest\n"
         "  BCRYPT_COST            optional bcrypt cost for new password hashes (4..31)\n"
         "  TRUSTED_PROXIES        optional comma-separated proxy IPs whose X-Forwarded-For is "
         "believed\n";
}

EnvGetter process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

ParseResult parse_server_options(int argc, const char* const* argv, const EnvGetter& env,
                                 unsigned hardware_threads) {
  ServerOptions options;
  const unsigned cores = hardware_threads == 0 ? 1 : hardware_threads;
  options.threads = std::min(cores, 2u);
  options.workers = std::min(4 * cores, 4096u);

  // Environment first, so that flags override it.
  if (auto db = env("CRM_DATABASE_URL"); db && !db->empty()) options.database_url = *db;
  if (auto host = env("HOST"); host && !host->empty()) options.host = *host;
  if (auto port = env("PORT"); port && !port->empty()) {
    if (auto error = apply_flag(options, "--port", *port); !error.empty())
      return failure("PORT: " + error);
  }
  if (auto url = env("PUBLIC_BASE_URL")) options.public_base_url = *url;

  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return ParseResult{std::nullopt, usage_text(), 0};

    std::string_view name = arg;
    std::string value;
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      value = std::string(arg.substr(eq + 1));
    } else if (takes_value(arg)) {
      if (i + 1 >= argc) return failure("missing value for " + std::string(arg));
      value = argv[++i];
    }
    if (!takes_value(name)) return failure("unknown option '" + std::string(arg) + "'");
    if (auto error = apply_flag(options, name, value); !error.empty()) return failure(error);
  }

  options.jwt_secret = env("JWT_SECRET").value_or("");
  if (options.jwt_secret.size() < kMinJwtSecretBytes) {
    return ParseResult{std::nullopt,
                       "crm-server: JWT_SECRET must be set to at least 32 bytes "
                       "(e.g. JWT_SECRET=$(openssl rand -hex 32))\n",
                       2};
  }
  options.encryption_key = env("ENCRYPTION_KEY").value_or("");
  if (auto cost = env("BCRYPT_COST"); cost && !cost->empty()) {
    auto parsed = parse_int(*cost, 4, 31);
    if (!parsed) return failure("BCRYPT_COST must be an integer in 4..31, got '" + *cost + "'");
    options.bcrypt_cost = static_cast<int>(*parsed);
  }
  const std::string proxies = env("TRUSTED_PROXIES").value_or("");
  for (std::string_view rest = proxies; !rest.empty();) {
    const auto comma = rest.find(',');
    std::string_view ip = rest.substr(0, comma);
    while (!ip.empty() && ip.front() == ' ') ip.remove_prefix(1);
    while (!ip.empty() && ip.back() == ' ') ip.remove_suffix(1);
    if (!ip.empty()) options.trusted_proxies.emplace_back(ip);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return ParseResult{std::move(options), {}, 0};
}

}  // namespace crm::server
