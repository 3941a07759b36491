#pragma once
// One HTTP/1.1 connection: read a request, hand it to the REST Api, write the response, repeat
// while keep-alive holds. Requests on a connection are served one at a time, in order;
// pipelined requests wait in the read buffer.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include "message_mapping.hpp"

namespace crm::server {

class SessionRegistry;

struct SessionConfig {
  std::chrono::seconds read_timeout{30};   // receiving a request's header; again for its body
  std::chrono::seconds write_timeout{30};  // sending one response
  std::chrono::seconds idle_timeout{60};   // keep-alive wait for the next request
  std::chrono::seconds linger_timeout{2};  // discarding an unread body before closing
  std::size_t header_limit = 16 * 1024;
};

// Lives as long as one of its asynchronous operations holds it (shared_ptr). All its handlers
// run on the strand of its socket's executor; shutdown() is the one call safe from any thread.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, const rest::Api& api, const SessionConfig& config,
          std::shared_ptr<SessionRegistry> registry);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Registers with the registry and starts reading. Call once.
  void start();

  // Thread-safe. An idle connection closes now; a request in progress is answered (with
  // Connection: close) and then the connection closes.
  void shutdown();

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using error_code = boost::system::error_code;

  void wait_for_request();
  void on_idle_read(error_code ec, std::size_t bytes);
  void read_header();
  void on_header(error_code ec, std::size_t bytes);
  void on_continue_written(error_code ec, std::size_t bytes);
  void read_body();
  void on_body(error_code ec, std::size_t bytes);
  void process_request();
  void write_response(bool linger_after);
  void on_response_written(bool linger_after, error_code ec, std::size_t bytes);
  void reply_error_and_close(unsigned status, std::string message);
  void linger_then_close();
  void on_linger_read(error_code ec, std::size_t bytes);
  void close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  const rest::Api& api_;
  const SessionConfig config_;
  std::shared_ptr<SessionRegistry> registry_;
  std::string remote_addr_;

  // Per-request state; touched only on the strand.
  std::optional<Parser> parser_;
  BeastResponse response_;
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  std::string log_method_;
  std::string log_path_;
  std::chrono::steady_clock::time_point started_;
  bool idle_ = false;      // waiting for the first byte of the next request
  bool stopping_ = false;  // shutdown() was called
  std::optional<std::chrono::steady_clock::time_point> linger_deadline_;
};

}  // namespace crm::server
