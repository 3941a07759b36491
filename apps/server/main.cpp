// crm-server: the HTTP API of libcrm over Boost.Beast.
//
// Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT) or --help; 2 for bad flags or
// configuration (missing JWT_SECRET, invalid options); 1 when the database cannot be opened
// or the address cannot be bound.

#include <sys/resource.h>

#include <algorithm>
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

#include "access_log.hpp"
#include "adapters/curl/curl_client.hpp"
#include "adapters/enrichment/providers_from_env.hpp"
#include "adapters/rest/api.hpp"
#include "body_budget.hpp"
#include "crm/engine.hpp"
#include "crm/error.hpp"
#include "crm/storage.hpp"
#include "crm/worker.hpp"
#include "http_server.hpp"
#include "server_options.hpp"
#include "worker_pool.hpp"

namespace {

namespace net = boost::asio;
using crm::server::ServerOptions;

// How long in-flight requests may take to finish after SIGTERM before the process exits anyway.
constexpr auto kShutdownGrace = std::chrono::seconds(5);

// Requests that may wait for a free worker, per worker; more are answered 503.
constexpr std::size_t kQueuedRequestsPerWorker = 64;

// File descriptors kept for everything but client connections (database, logs, listener).
constexpr rlim_t kReservedDescriptors = 64;

// Raises the soft limit of open files to the hard limit, and returns how many connections the
// limit allows besides the descriptors the process needs for other things.
std::size_t raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return SIZE_MAX;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  return limit.rlim_cur > 2 * kReservedDescriptors
             ? static_cast<std::size_t>(limit.rlim_cur - kReservedDescriptors)
             : static_cast<std::size_t>(limit.rlim_cur / 2);
}

// Runs the io_context until it has no more work. An exception escaping a handler (sessions
// catch their own) is reported and the loop goes on: one failure never ends the server.
void run_io(net::io_context& ioc) {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "crm-server: error in an I/O handler: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "crm-server: unknown error in an I/O handler\n");
    }
  }
}

crm::EngineOptions engine_options(const ServerOptions& options) {
  crm::EngineOptions engine;
  engine.data_dir = options.data_dir;
  engine.jwt_secret = options.jwt_secret;
  engine.encryption_key = options.encryption_key;
  engine.public_base_url = options.public_base_url;
  if (options.bcrypt_cost) engine.bcrypt_cost = *options.bcrypt_cost;
  engine.trusted_proxies = options.trusted_proxies;
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
  // Background jobs on their own threads (--worker-threads; 0: run workers elsewhere).
  std::unique_ptr<crm::Worker> job_worker;
  if (options.worker_threads > 0) {
    crm::WorkerOptions worker_options;
    worker_options.threads = static_cast<int>(options.worker_threads);
    job_worker =
        std::make_unique<crm::Worker>(*engine, crm::default_job_handlers(), worker_options);
  }

  crm::server::ServerConfig config;
  config.max_connections = options.max_connections;
  if (const std::size_t allowed = raise_descriptor_limit(); config.max_connections > allowed) {
    std::fprintf(stderr,
                 "crm-server: the open-file limit allows %zu connections, not the %zu of "
                 "--max-connections; using %zu (raise it with ulimit -n)\n",
                 allowed, config.max_connections, allowed);
    config.max_connections = allowed;
  }
  config.session.body_budget = crm::server::BodyBudget::create(options.max_inflight_body_bytes);

  // Destroyed in reverse order: the server, then the workers (joined; queued jobs dropped),
  // then the io_context with the sessions its pending handlers still hold.
  net::io_context ioc(static_cast<int>(options.threads));
  crm::server::WorkerPool workers(options.workers, kQueuedRequestsPerWorker * options.workers);
  crm::server::HttpServer server(ioc, api, workers, config);
  net::ip::tcp::endpoint endpoint;
  try {
    endpoint = server.listen(options.host, options.port);
  } catch (const boost::system::system_error& e) {
    std::fprintf(stderr, "crm-server: cannot listen on %s:%u: %s\n", options.host.c_str(),
                 options.port, e.code().message().c_str());
    return 1;
  }

  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&server, &job_worker](boost::system::error_code ec, int) {
    if (ec) return;
    std::fprintf(stderr, "shutting down\n");
    if (job_worker) job_worker->request_stop();
    server.stop(kShutdownGrace);
  });
  server.start();
  if (job_worker) job_worker->start();

  std::cerr << "create the first admin: crm --db "
            << crm::storage::parse_database_url(options.database_url).redacted
            << " init --email ... --password ...  (or PUT /api/auth)\n";
  std::cout << "listening on http://" << url_host(endpoint.address()) << ':' << endpoint.port()
            << std::endl;

  std::vector<std::thread> io_threads;
  for (unsigned i = 1; i < options.threads; ++i) io_threads.emplace_back([&ioc] { run_io(ioc); });
  run_io(ioc);
  for (auto& thread : io_threads) thread.join();
  crm::server::flush_access_log();  // written by a background thread in batches
  workers.stop();
  if (job_worker) job_worker->stop();  // running job attempts finish and are recorded
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
