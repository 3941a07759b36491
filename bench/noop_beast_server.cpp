// noop_beast_server: answers every request with a fixed JSON body, keep-alive, on N threads.
// It measures what Beast, Asio and the kernel cost on this machine, so that load.sh can
// report crm-server's throughput as a fraction of it.
//
// usage: noop_beast_server [--port P] [--threads N]   (prints "listening on http://...")

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

constexpr std::string_view kBody = R"({"status":"ok","service":"noop"})";

// One connection: read a request, write the fixed response, repeat while keep-alive holds.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : stream_(std::move(socket)) {}

  void read() {
    request_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, request_,
                     beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

 private:
  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return close();
    response_ = {http::status::ok, request_.version()};
    response_.set(http::field::server, "noop");
    response_.set(http::field::content_type, "application/json");
    response_.keep_alive(request_.keep_alive());
    response_.body() = kBody;
    response_.prepare_payload();
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Connection::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || response_.need_eof()) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(net::io_context& ioc, tcp::acceptor& acceptor) {
  acceptor.async_accept(net::make_strand(ioc),
                        [&ioc, &acceptor](beast::error_code ec, tcp::socket socket) {
                          if (ec == net::error::operation_aborted) return;
                          if (!ec) {
                            socket.set_option(tcp::no_delay(true), ec);
                            std::make_shared<Connection>(std::move(socket))->read();
                          }
                          accept(ioc, acceptor);
                        });
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    if (flag == "--port")
      port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
    else if (flag == "--threads")
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[i + 1])));
  }

  net::io_context ioc(static_cast<int>(threads));
  tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), port});
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) { ioc.stop(); });
  accept(ioc, acceptor);
  std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;

  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& worker : workers) worker.join();
  return 0;
}
