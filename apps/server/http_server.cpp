#include "http_server.hpp"

#include <cstdio>
#include <exception>
#include <string_view>
#include <utility>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "session_registry.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

HttpServer::HttpServer(net::io_context& ioc, const rest::Api& api, WorkerPool& workers,
                       ServerConfig config)
    : ioc_(ioc),
      api_(api),
      workers_(workers),
      config_(std::move(config)),
      strand_(net::make_strand(ioc)),
      acceptor_(strand_),
      retry_timer_(strand_),
      grace_timer_(strand_),
      registry_(std::make_shared<SessionRegistry>()) {}

// Sessions may outlive the server (the io_context destroys their pending handlers later), so
// they must not call back into it.
HttpServer::~HttpServer() { registry_->forget_on_empty(); }

tcp::endpoint HttpServer::listen(const std::string& host, std::uint16_t port) {
  tcp::resolver resolver(ioc_);
  auto results = resolver.resolve(host, std::to_string(port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service);
  const tcp::endpoint endpoint = results.begin()->endpoint();
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
  return acceptor_.local_endpoint();
}

void HttpServer::start() {
  net::dispatch(strand_, [this] { accept(); });
}

void HttpServer::accept() {
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(
      net::make_strand(ioc_),
      net::bind_executor(strand_, beast::bind_front_handler(&HttpServer::on_accept, this)));
}

void HttpServer::on_accept(boost::system::error_code ec, SessionSocket socket) {
  if (stopping_) return;  // the socket, if any, closes as it goes out of scope
  if (ec) {
    // Usually out of file descriptors: pause instead of spinning on the failure.
    std::fprintf(stderr, "accept failed: %s\n", ec.message().c_str());
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec && !stopping_) accept();
    });
    return;
  }
  try {
    admit(std::move(socket));
  } catch (const std::exception& e) {  // e.g. bad_alloc: lose this connection, not the server
    std::fprintf(stderr, "crm-server: could not start a connection: %s\n", e.what());
  }
  accept();
}

void HttpServer::admit(SessionSocket socket) {
  boost::system::error_code ignored;
  if (registry_->size() >= config_.max_connections && !registry_->evict_one()) {
    // Every connection is busy with a request: refuse this one rather than let the cap grow.
    // Best effort: a small answer fits in the socket's send buffer, so this write does not block.
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nServer: libcrm\r\nContent-Type: application/json\r\n"
        "Retry-After: 1\r\nConnection: close\r\nContent-Length: 36\r\n\r\n"
        R"({"error":"Server busy, retry later"})";
    socket.non_blocking(true, ignored);
    socket.write_some(net::buffer(kBusy), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    return;
  }
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<Session>(std::move(socket), api_, workers_, config_.session, registry_)->start();
}

void HttpServer::stop(std::chrono::steady_clock::duration grace) {
  net::dispatch(strand_, [this, grace] {
    if (stopping_) return;
    stopping_ = true;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_timer_.cancel();
    grace_timer_.expires_after(grace);
    grace_timer_.async_wait(net::bind_executor(
        strand_, beast::bind_front_handler(&HttpServer::on_grace_expired, this)));
    // When the last connection goes, nothing keeps run() busy but the grace timer.
    registry_->shutdown_all([this] { net::post(strand_, [this] { grace_timer_.cancel(); }); });
  });
}

void HttpServer::on_grace_expired(boost::system::error_code ec) {
  if (ec) return;  // cancelled: every connection closed in time
  std::fprintf(stderr, "shutdown: %zu connection(s) still open after the grace period\n",
               registry_->size());
  ioc_.stop();
}

}  // namespace crm::server
