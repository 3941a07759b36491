#include "session.hpp"

#include <exception>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "access_log.hpp"
#include "session_registry.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// Bytes asked for by one read while waiting for the next request.
constexpr std::size_t kReadChunk = 8 * 1024;

std::string peer_address(const tcp::socket& socket) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

}  // namespace

Session::Session(tcp::socket socket, const rest::Api& api, const SessionConfig& config,
                 std::shared_ptr<SessionRegistry> registry)
    : stream_(std::move(socket)),
      api_(api),
      config_(config),
      registry_(std::move(registry)),
      remote_addr_(peer_address(stream_.socket())) {}

Session::~Session() { registry_->remove(this); }

void Session::start() {
  registry_->add(shared_from_this());
  // Run on the strand: the accepting thread must not touch the stream concurrently with
  // a shutdown() that the registry may already have posted.
  net::dispatch(stream_.get_executor(),
                beast::bind_front_handler(&Session::wait_for_request, shared_from_this()));
}

void Session::shutdown() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    // Only the keep-alive wait is cancelled; a request already started runs to completion.
    if (self->idle_) self->stream_.cancel();
  });
}

// Keep-alive wait: nothing of the next request has arrived yet, so the idle timeout applies
// and a shutdown may close the connection without losing anything.
void Session::wait_for_request() {
  if (stopping_) return close();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already buffered
  idle_ = true;
  stream_.expires_after(config_.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
}

void Session::on_idle_read(error_code ec, std::size_t bytes) {
  idle_ = false;
  buffer_.commit(bytes);
  if (bytes == 0 || (ec && ec != net::error::eof)) return close();
  read_header();
}

void Session::read_header() {
  log_method_.clear();
  log_path_.clear();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(config_.header_limit));
  // Beast checks Content-Length against the limit while parsing the header, before the
  // target (and so the limit) is known: unlimited here, the real check is in on_header.
  parser_->body_limit(boost::none);
  stream_.expires_after(config_.read_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(error_code ec, std::size_t) {
  started_ = std::chrono::steady_clock::now();
  // The client went away or stalled: nobody to answer.
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == beast::error::timeout || ec == net::error::operation_aborted ||
      ec == net::error::connection_reset)
    return close();
  if (ec == http::error::header_limit) return reply_error_and_close(431, "Header too large");
  if (ec == http::error::body_limit) return reply_error_and_close(413, "Payload too large");
  if (ec) return reply_error_and_close(400, "Bad request");

  const auto& header = parser_->get();
  log_method_ = std::string(header.method_string());
  log_path_ = path_of(header.target());

  // Refuse an oversized body before reading any of it.
  const std::size_t limit = rest::Api::body_limit(header.target());
  if (auto length = parser_->content_length(); length && *length > limit)
    return reply_error_and_close(413, "Payload too large");
  parser_->body_limit(limit);

  if (!parser_->is_done() && beast::iequals(header[http::field::expect], "100-continue")) {
    continue_ = {http::status::continue_, header.version()};
    stream_.expires_after(config_.write_timeout);
    return http::async_write(
        stream_, continue_,
        beast::bind_front_handler(&Session::on_continue_written, shared_from_this()));
  }
  read_body();
}

void Session::on_continue_written(error_code ec, std::size_t) {
  if (ec) return close();
  read_body();
}

void Session::read_body() {
  if (parser_->is_done()) return process_request();
  stream_.expires_after(config_.read_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(error_code ec, std::size_t) {
  // Chunked bodies have no Content-Length, so their limit is only found while reading.
  if (ec == http::error::body_limit) return reply_error_and_close(413, "Payload too large");
  if (ec == beast::error::timeout || ec == net::error::operation_aborted ||
      ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == net::error::connection_reset)
    return close();
  if (ec) return reply_error_and_close(400, "Bad request");
  process_request();
}

// Runs the (blocking) handler on this thread: the server has as many threads as it should
// serve requests concurrently.
void Session::process_request() {
  BeastRequest request = parser_->release();
  parser_.reset();
  const bool keep_alive = request.keep_alive() && !stopping_;
  const bool head = request.method() == http::verb::head;
  const unsigned version = request.version();

  rest::Response response;
  try {
    response = api_.handle(to_rest_request(request, remote_addr_));
  } catch (const std::exception&) {  // Api::handle promises not to throw; stay up if it does.
    response = {500, {{"Content-Type", "application/json"}}, R"({"error":"Internal error"})"};
  }
  response_ = to_beast_response(std::move(response), version, keep_alive, head);
  write_response(false);
}

void Session::write_response(bool linger_after) {
  stream_.expires_after(config_.write_timeout);
  http::async_write(
      stream_, response_,
      beast::bind_front_handler(&Session::on_response_written, shared_from_this(), linger_after));
}

void Session::on_response_written(bool linger_after, error_code ec, std::size_t) {
  log_request(log_method_, log_path_, response_.result_int(),
              std::chrono::steady_clock::now() - started_);
  if (ec) return close();
  if (linger_after) return linger_then_close();
  if (response_.need_eof()) return close();
  response_ = {};
  wait_for_request();
}

// Answers a request the server refuses itself (413, 400, 431); the connection cannot be
// reused because the rest of the request was not read.
void Session::reply_error_and_close(unsigned status, std::string message) {
  if (log_method_.empty()) log_method_ = "-";
  if (log_path_.empty()) log_path_ = "-";
  const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
  parser_.reset();
  response_ = server_error_response(status, std::move(message), version);
  write_response(true);
}

// Closing a socket with unread input makes the kernel send a reset, which can destroy the
// response before the client reads it. So stop sending, discard input for a short while
// (until the client closes or the deadline passes), then close.
void Session::linger_then_close() {
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return close();
  linger_deadline_ = std::chrono::steady_clock::now() + config_.linger_timeout;
  on_linger_read({}, 0);
}

void Session::on_linger_read(error_code ec, std::size_t) {
  if (ec || std::chrono::steady_clock::now() >= *linger_deadline_) return close();
  buffer_.clear();
  stream_.expires_at(*linger_deadline_);
  stream_.async_read_some(buffer_.prepare(kReadChunk),
                          beast::bind_front_handler(&Session::on_linger_read, shared_from_this()));
}

void Session::close() {
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

}  // namespace crm::server
