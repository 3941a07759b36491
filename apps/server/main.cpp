// crm-server: the HTTP API of libcrm over Boost.Beast.
//
// Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT) or --help; 2 for bad flags or
// configuration (missing JWT_SECRET, invalid options); 1 when the database cannot be opened
// or the address cannot be bound.

#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/system/system_error.hpp>

#include "adapters/curl/curl_client.hpp"
#include "adapters/enrichment/providers_from_env.hpp"
#include "adapters/rest/api.hpp"
#include "crm/engine.hpp"
#include "crm/error.hpp"
#include "crm/storage.hpp"
#include "http_server.hpp"
#include "server_options.hpp"

namespace {

namespace net = boost::asio;
using crm::server::ServerOptions;

// How long in-flight requests may take to finish after SIGTERM before the process exits anyway.
constexpr auto kShutdownGrace = std::chrono::seconds(5);

crm::EngineOptions engine_options(const ServerOptions& options) {
  crm::EngineOptions engine;
  engine.data_dir = options.data_dir;
  engine.jwt_secret = options.jwt_secret;
  engine.encryption_key = options.encryption_key;
  engine.public_base_url = options.public_base_url;
  if (options.bcrypt_cost) engine.bcrypt_cost = *options.bcrypt_cost;
  engine.providers = crm::providers::from_environment(crm::curl::make_client());
  return engine;
}

void create_data_dir(const ServerOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
}

// "127.0.0.1", or "[::1]" for IPv6 as URLs require.
std::string url_host(const net::ip::address& address) {
  if (!address.is_v6()) return address.to_string();
  std::string host = "[";
  host.append(address.to_string()).append("]");
  return host;
}

int run(const ServerOptions& options) {
  create_data_dir(options);
  std::unique_ptr<crm::Engine> engine;
  try {
    engine = crm::Engine::open(crm::storage::open_database(options.database_url),
                               engine_options(options));
  } catch (const crm::Error& e) {
    std::fprintf(stderr, "crm-server: %s\n", e.what());
    return e.code() == crm::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  const crm::rest::Api api(*engine);

  net::io_context ioc(static_cast<int>(options.threads));
  crm::server::HttpServer server(ioc, api, crm::server::SessionConfig{});
  net::ip::tcp::endpoint endpoint;
  try {
    endpoint = server.listen(options.host, options.port);
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "crm-server: cannot listen on %s:%u: %s\n", options.host.c_str(),
                 options.port, e.code().message().c_str());
    return 1;
  }

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&server](boost::system::error_code ec, int) {
    if (ec) return;
    std::fprintf(stderr, "shutting down\n");
    server.stop(kShutdownGrace);
  });
  server.start();

  std::cerr << "create the first admin: crm --db "
            << crm::storage::parse_database_url(options.database_url).redacted
            << " init --email ... --password ...  (or PUT /api/auth)\n";
  std::cout << "listening on http://" << url_host(endpoint.address()) << ':' << endpoint.port()
            << std::endl;

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < options.threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& worker : workers) worker.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = crm::server::parse_server_options(argc, argv, crm::server::process_env(),
                                                  std::thread::hardware_concurrency());
  if (!parsed.options) {
    std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  try {
    return run(*parsed.options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crm-server: %s\n", e.what());
    return 1;
  }
}
