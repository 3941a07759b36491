#pragma once
// The listener of crm-server: accepts TCP connections and starts a Session for each, keeps the
// number of connections under a cap by closing idle ones, and drives the graceful shutdown.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "session.hpp"

namespace crm::server {

class SessionRegistry;
class WorkerPool;

struct ServerConfig {
  SessionConfig session;
  // Open connections at most. At the cap, a new connection makes the connection idle the longest
  // (else the one whose request header has been arriving the longest) close; when every
  // connection is busy with a request, the new one is answered 503 and closed.
  std::size_t max_connections = 10'000;
};

class HttpServer {
 public:
  // `api` and `workers` must outlive every call of io_context::run on `ioc`.
  HttpServer(boost::asio::io_context& ioc, const rest::Api& api, WorkerPool& workers,
             ServerConfig config);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens on host:port (port 0 picks a free one) and returns the bound endpoint.
  // Throws boost::system::system_error when the address cannot be resolved or bound.
  boost::asio::ip::tcp::endpoint listen(const std::string& host, std::uint16_t port);

  // Starts accepting connections. Call once, after listen().
  void start();

  // Thread-safe; later calls do nothing. Stops accepting, closes idle keep-alive connections
  // and lets requests in progress finish. Once no connection is left, the server holds no
  // more work, so io_context::run returns. If connections remain after `grace`, the
  // io_context is stopped.
  void stop(std::chrono::steady_clock::duration grace);

 private:
  void accept();
  void on_accept(boost::system::error_code ec, SessionSocket socket);
  void admit(SessionSocket socket);
  void on_grace_expired(boost::system::error_code ec);

  boost::asio::io_context& ioc_;
  const rest::Api& api_;
  WorkerPool& workers_;
  const ServerConfig config_;
  // Serializes the acceptor and the timers (accept handlers vs. stop()).
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_timer_;  // pause after an accept failure (e.g. EMFILE)
  boost::asio::steady_timer grace_timer_;
  std::shared_ptr<SessionRegistry> registry_;
  bool stopping_ = false;  // on strand_
};

}  // namespace crm::server
