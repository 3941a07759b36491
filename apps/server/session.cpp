#include "session.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "access_log.hpp"
#include "session_registry.hpp"
#include "worker_pool.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// Bytes asked for by one read of a header (at least) or while lingering.
constexpr std::size_t kReadChunk = 8 * 1024;

std::string peer_address(const SessionSocket& socket) {
  boost::system::error_code ec;
  auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped())
    return net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

rest::Headers headers_of(const BeastRequest& request) {
  rest::Headers out;
  for (const auto& field : request)
    out.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return out;
}

}  // namespace

template <class... Args>
auto Session::guarded(void (Session::*handler)(Args...)) {
  return [self = shared_from_this(), handler](Args... args) {
    try {
      (self.get()->*handler)(std::move(args)...);
    } catch (const std::exception& e) {
      self->fail(e.what());
    } catch (...) {
      self->fail("unknown exception");
    }
  };
}

// The last line of defence: whatever threw, this connection ends and the server goes on.
// The parser stays: a cancelled operation may still refer to it.
void Session::fail(const char* what) {
  std::fprintf(stderr, "crm-server: connection %s closed after an error: %s\n",
               remote_addr_.c_str(), what);
  close();
}

Session::Session(SessionSocket socket, const rest::Api& api, WorkerPool& workers,
                 const SessionConfig& config, std::shared_ptr<SessionRegistry> registry)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      // Bounds what one connection buffers: a request line or header block stops at
      // header_limit first, an endless chunk-size line or trailer at this.
      buffer_(read_buffer_limit(config.limits)),
      api_(api),
      workers_(workers),
      config_(config),
      registry_(std::move(registry)),
      remote_addr_(peer_address(socket_)),
      timer_period_(std::min({config.read_timeout, config.write_timeout, config.idle_timeout})) {
  set_activity(Activity::kIdle, Clock::now());
}

Session::~Session() {
  set_activity(Activity::kBusy, Clock::now());  // no longer offered for eviction
  registry_->remove(this);
}

void Session::start() {
  registry_->add(shared_from_this());
  // Run on the strand: the accepting thread must not touch the socket concurrently with
  // a shutdown() that the registry may already have posted.
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    try {
      self->wait_for_request(Clock::now());
    } catch (const std::exception& e) {
      self->fail(e.what());
    }
  });
}

void Session::shutdown() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    // Only the keep-alive wait is cancelled; a request already started runs to completion.
    if (self->waiting_) {
      error_code ignored;
      self->socket_.cancel(ignored);
    }
  });
}

void Session::evict() {
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->activity_ != Activity::kBusy) self->close();
  });
}

std::string_view Session::unparsed() const {
  const auto data = buffer_.data();
  return {static_cast<const char*>(data.data()), data.size()};
}

Session::ActivityStamp Session::activity() const {
  const std::uint64_t stamp = activity_stamp_.load(std::memory_order_relaxed);
  return {static_cast<Activity>(stamp & 3), static_cast<std::int64_t>(stamp >> 2)};
}

// On the strand; the registry reads the stamp from the accepting thread.
void Session::set_activity(Activity activity, Clock::time_point now) {
  if (activity_ == activity && activity_stamp_.load(std::memory_order_relaxed) != 0) return;
  activity_ = activity;
  const auto ticks = static_cast<std::uint64_t>(now.time_since_epoch().count());
  activity_stamp_.store((ticks << 2) | static_cast<std::uint64_t>(activity),
                        std::memory_order_relaxed);
}

// One timer per session, not re-armed when the deadline moves. It wakes at the deadline or one
// timer period (the shortest timeout) after it was armed, whichever is first, and then looks at
// the deadline of the moment. Every deadline is set to now + a timeout >= that period, so it is
// never before the timer's expiry: a timer armed at t expires by t + period, and any deadline
// set after t is later. So no deadline is missed, and the timer wakes at most once per period
// while the connection is in use, instead of being re-armed at every phase of every request.
void Session::set_deadline(Clock::time_point now, Clock::duration timeout) {
  deadline_ = now + timeout;
  if (timer_expiry_ == Clock::time_point::max() && !closed_)
    arm_timer(now + std::min(timeout, timer_period_));
}

void Session::arm_timer(Clock::time_point expiry) {
  timer_expiry_ = expiry;
  timer_.expires_at(expiry);  // cancels a pending wait: its handler sees operation_aborted
  timer_.async_wait(guarded(&Session::on_timer));
}

void Session::on_timer(error_code ec) {
  if (ec == net::error::operation_aborted || closed_) return;
  timer_expiry_ = Clock::time_point::max();
  if (deadline_ == Clock::time_point::max()) return;  // set_deadline arms it again
  const auto now = Clock::now();
  if (now >= deadline_) return close();  // the pending operation ends with operation_aborted
  arm_timer(std::min(deadline_, now + timer_period_));
}

// Keep-alive wait: nothing of the next request has arrived yet, so the idle timeout applies
// and a shutdown or an eviction may close the connection without losing anything. The same
// read brings the header (usually all of it), so a request costs one read.
void Session::wait_for_request(Clock::time_point now) {
  if (closed_) return;
  if (stopping_) return close();
  log_method_.clear();
  log_path_.clear();
  parser_.emplace(config_.limits, config_.body_budget);
  if (buffer_.size() > 0) {  // a pipelined request is already buffered
    set_activity(Activity::kReadingHeader, now);
    set_deadline(now, config_.read_timeout);
    return parse_header();
  }
  set_activity(Activity::kIdle, now);
  set_deadline(now, config_.idle_timeout);
  waiting_ = true;
  read_header_bytes();
}

// What Beast's async_read_header does, without its layers: read what the socket has into the
// bounded read buffer (buffer_overflow once it is full), then parse. At least kReadChunk (where
// the bound allows), so that a fresh connection's first read takes a whole ordinary request.
void Session::read_header_bytes() {
  const std::size_t room = buffer_.max_size() - buffer_.size();
  if (room == 0) return on_header(http::error::buffer_overflow);
  const std::size_t size =
      std::min(room, std::max(kReadChunk, buffer_.capacity() - buffer_.size()));
  socket_.async_read_some(buffer_.prepare(size), guarded(&Session::on_header_bytes));
}

void Session::on_header_bytes(error_code ec, std::size_t bytes) {
  buffer_.commit(bytes);
  waiting_ = false;
  // The end of the stream, a reset, the deadline or a shutdown in the keep-alive wait: the
  // client went away or stalled, nobody to answer (partial header or not).
  if (closed_ || ec) return close();
  parse_header();
}

// Parses the header from the read buffer; reads on while it is incomplete, under the read
// timeout from the moment its first bytes arrived.
void Session::parse_header() {
  error_code ec;
  for (;;) {
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec || parser_->is_header_done()) break;
    if (used == 0) {
      ec = http::error::need_more;
      break;
    }
  }
  if (ec == http::error::need_more) {
    if (activity_ != Activity::kReadingHeader) {
      const auto now = Clock::now();
      set_activity(Activity::kReadingHeader, now);
      set_deadline(now, config_.read_timeout);
    }
    return read_header_bytes();
  }
  on_header(ec);
}

void Session::on_header(error_code ec) {
  if (closed_) return;
  started_ = Clock::now();
  set_activity(Activity::kBusy, started_);
  set_no_deadline();
  if (ec) {
    const ReadFailure failure = parser_->classify(ec, unparsed());
    if (failure.status == 0) return close();
    return reply_error_and_close(failure.status, failure.message, failure.retry_later);
  }

  const auto& header = parser_->get();
  log_method_ = std::string(header.method_string());
  log_path_ = path_of(header.target());
  if (auto error = parser_->framing_error())
    return reply_error_and_close(error->status, error->message);

  // A declared body over the route's limit is refused by precheck (after 404/405, as handle()
  // would); a chunked one is cut where it crosses the limit.
  parser_->set_body_limit(rest::Api::body_limit(header.target()));
  const auto length = parser_->content_length();

  if (parser_->is_done()) return dispatch_request();  // no body
  // A body that has already arrived whole (it fits in the read buffer, so it is under every
  // limit) costs nothing more to read: handle() checks everything precheck() would.
  if (length && *length <= buffer_.size()) return continue_with_body();

  // Route, auth tier and declared size are judged from the header, on a worker (the token's
  // user is looked up in the database), while the body waits in the socket.
  const std::string method = header.method() == http::verb::head ? std::string("GET") : log_method_;
  auto work = net::prefer(socket_.get_executor(), net::execution::outstanding_work.tracked);
  const bool queued = workers_.try_submit([self = shared_from_this(), work, method,
                                           target = std::string(header.target()),
                                           headers = headers_of(header)]() mutable {
    std::optional<rest::Response> refusal;
    try {
      refusal = self->api_.precheck(method, target, headers);
    } catch (const std::exception&) {  // precheck promises not to throw
      refusal = rest::Response{
          500, {{"Content-Type", "application/json"}}, R"({"error":"Internal error"})"};
    }
    net::post(work, [resume = self->guarded(&Session::on_prechecked),
                     refusal = std::move(refusal)]() mutable { resume(std::move(refusal)); });
  });
  if (!queued) return reply_error_and_close(503, "Server busy, retry later", true);
}

void Session::on_prechecked(std::optional<rest::Response> refusal) {
  if (closed_) return;
  if (refusal) return reply_and_close(std::move(*refusal));
  continue_with_body();
}

// The request may send its body: reserve it in the budget, say 100 Continue if asked, read it.
void Session::continue_with_body() {
  const auto length = parser_->content_length();
  if (length && *length > 0 && !parser_->reserve(static_cast<std::size_t>(*length)))
    return reply_error_and_close(503, "Server busy, retry later", true);
  const auto& header = parser_->get();
  const bool body_arrived = length && *length <= buffer_.size();
  if (!body_arrived && beast::iequals(header[http::field::expect], "100-continue")) {
    continue_ = {http::status::continue_, header.version()};
    set_deadline(Clock::now(), config_.write_timeout);
    return http::async_write(socket_, continue_, guarded(&Session::on_continue_written));
  }
  read_body();
}

void Session::on_continue_written(error_code ec, std::size_t) {
  if (closed_ || ec) return close();
  read_body();
}

void Session::read_body() {
  if (parser_->is_done()) return dispatch_request();
  set_deadline(Clock::now(), config_.read_timeout);
  http::async_read(socket_, buffer_, *parser_, guarded(&Session::on_body));
}

void Session::on_body(error_code ec, std::size_t) {
  if (closed_) return;
  if (ec) {
    const ReadFailure failure = parser_->classify(ec, unparsed());
    if (failure.status == 0) return close();
    return reply_error_and_close(failure.status, failure.message, failure.retry_later);
  }
  dispatch_request();
}

// Hands the complete request to a worker; its response comes back to write_response on this
// connection's strand. The I/O threads run a handler only through Api::handle_now, which never
// waits for the database.
void Session::dispatch_request() {
  BodyBudget::Reservation reservation = parser_->release_reservation();
  BeastRequest request = parser_->release();
  parser_.reset();
  const bool keep_alive = request.keep_alive() && !stopping_;
  const bool head = request.method() == http::verb::head;
  const unsigned version = request.version();

  linger_after_write_ = false;
  rest::Request rest_request = to_rest_request(request, remote_addr_);
  // What needs no database is answered here on the I/O thread: no hand-off to a worker and back.
  if (auto now = api_.handle_now(rest_request)) {
    reservation.release();
    try {
      response_ = to_beast_response(std::move(*now), version, keep_alive, head);
    } catch (const std::exception& e) {
      return fail(e.what());
    }
    return write_response();
  }
  set_no_deadline();
  auto work = net::prefer(socket_.get_executor(), net::execution::outstanding_work.tracked);
  const bool queued = workers_.try_submit([self = shared_from_this(), work,
                                           rest_request = std::move(rest_request),
                                           reservation = std::move(reservation), keep_alive, head,
                                           version]() mutable {
    rest::Response response;
    try {
      response = self->api_.handle(rest_request);
    } catch (const std::exception&) {  // Api::handle promises not to throw; stay up if it does.
      response = {500, {{"Content-Type", "application/json"}}, R"({"error":"Internal error"})"};
    }
    // The body is no longer held once the handler is done with it.
    rest_request = {};
    reservation.release();
    net::post(work, [self, response = std::move(response), keep_alive, head, version]() mutable {
      try {
        self->response_ = to_beast_response(std::move(response), version, keep_alive, head);
      } catch (const std::exception& e) {
        return self->fail(e.what());
      }
      auto write = self->guarded(&Session::write_response);
      write();
    });
  });
  if (!queued) {
    response_ = server_error_response(503, "Server busy, retry later", version);
    response_.set(http::field::retry_after, "1");
    linger_after_write_ = true;
    write_response();
  }
}

// The header is serialized into a buffer kept across requests, and sent with the body in one
// gathered write: the same bytes Beast's serializer produces (status line, the fields in their
// order, blank line, body), without its layered buffer sequences.
void Session::write_response() {
  if (closed_) return;
  set_deadline(Clock::now(), config_.write_timeout);
  head_.clear();
  const unsigned version = response_.version();  // the request's: HTTP/1.0 or 1.1
  const char status_line[] = {'H', 'T',
                              'T', 'P',
                              '/', static_cast<char>('0' + version / 10 % 10),
                              '.', static_cast<char>('0' + version % 10),
                              ' '};
  head_.append(status_line, sizeof status_line);
  char status[4];
  const unsigned code = response_.result_int() % 1000;
  status[0] = static_cast<char>('0' + code / 100);
  status[1] = static_cast<char>('0' + code / 10 % 10);
  status[2] = static_cast<char>('0' + code % 10);
  status[3] = ' ';
  head_.append(status, sizeof status);
  const auto reason = response_.reason();
  head_.append(reason.data(), reason.size()).append("\r\n");
  for (const auto& field : response_) {
    const auto name = field.name_string();
    const auto value = field.value();
    head_.append(name.data(), name.size()).append(": ");
    head_.append(value.data(), value.size()).append("\r\n");
  }
  head_.append("\r\n");
  const std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(response_.body())};
  net::async_write(socket_, buffers, guarded(&Session::on_response_written));
}

void Session::on_response_written(error_code ec, std::size_t) {
  const auto now = Clock::now();
  log_request(log_method_, log_path_, response_.result_int(), now - started_);
  if (closed_ || ec) return close();
  if (linger_after_write_) return linger_then_close();
  if (response_.need_eof()) return close();
  response_ = {};
  wait_for_request(now);
}

// Answers a request the server refuses itself (413, 400, 431, ...); the connection cannot be
// reused because the rest of the request was not read.
void Session::reply_error_and_close(unsigned status, std::string_view message, bool retry_later) {
  const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
  if (log_method_.empty() && parser_ && parser_->start_line_done()) {
    log_method_ = std::string(parser_->get().method_string());
    log_path_ = path_of(parser_->get().target());
  }
  response_ = server_error_response(status, std::string(message), version);
  if (retry_later) response_.set(http::field::retry_after, "1");
  if (log_method_.empty()) log_method_ = "-";
  if (log_path_.empty()) log_path_ = "-";
  parser_.reset();
  linger_after_write_ = true;
  write_response();
}

// Answers with the Api's refusal of a request whose body was not read, then closes.
void Session::reply_and_close(rest::Response response) {
  const auto& header = parser_->get();
  response_ = to_beast_response(std::move(response), header.version(), false,
                                header.method() == http::verb::head);
  parser_.reset();
  linger_after_write_ = true;
  write_response();
}

// Closing a socket with unread input makes the kernel send a reset, which can destroy the
// response before the client reads it. So stop sending, discard input for a short while
// (until the client closes or the deadline passes), then close.
void Session::linger_then_close() {
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return close();
  // The one deadline that may be shorter than the timer period: the timer is re-armed for it.
  linger_deadline_ = Clock::now() + config_.linger_timeout;
  deadline_ = linger_deadline_;
  arm_timer(linger_deadline_);
  on_linger_read({}, 0);
}

void Session::on_linger_read(error_code ec, std::size_t) {
  if (closed_ || ec || Clock::now() >= linger_deadline_) return close();
  buffer_.clear();
  socket_.async_read_some(buffer_.prepare(kReadChunk), guarded(&Session::on_linger_read));
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  set_activity(Activity::kBusy, Clock::now());  // no longer a candidate for eviction
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  timer_.cancel();
}

}  // namespace crm::server
