#pragma once
// One HTTP/1.1 connection: read a request's header, refuse it early when the Api would (route,
// auth tier, declared size) or read its body, hand it to the worker pool, write the response,
// repeat while keep-alive holds. Requests on a connection are served one at a time, in order;
// pipelined requests wait in the read buffer.
//
// The hot path is one socket read and one write per request: the read that waits for the next
// request (keep-alive) is also the read of its header, which is parsed in place from the read
// buffer. Timeouts are deadlines kept in the session and checked by one timer per session that
// is re-armed at most once per timeout period, not per phase; the phase the registry needs for
// eviction is an atomic of the session, not an entry behind the registry's mutex.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include "message_mapping.hpp"
#include "request_parser.hpp"

namespace crm::server {

class SessionRegistry;
class WorkerPool;

// A connection's executor and socket, typed (no any_io_executor on the hot path).
using SessionExecutor = boost::asio::strand<boost::asio::io_context::executor_type>;
using SessionSocket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, SessionExecutor>;

// What a connection is doing, as far as making room goes.
enum class Activity : std::uint8_t {
  kIdle,           // waiting for the first byte of a request (keep-alive or fresh): evicted first
  kReadingHeader,  // a request header is arriving: evicted when no connection is idle
  kBusy,           // a request is being read, handled or answered: never evicted
};

struct SessionConfig {
  std::chrono::seconds read_timeout{30};   // receiving a request's header; again for its body
  std::chrono::seconds write_timeout{30};  // sending one response
  std::chrono::seconds idle_timeout{60};   // keep-alive wait for the next request
  std::chrono::seconds linger_timeout{2};  // discarding an unread body before closing
  RequestLimits limits;
  // Request bodies of all connections together; null: unlimited.
  std::shared_ptr<BodyBudget> body_budget;
};

// Lives as long as one of its asynchronous operations or worker jobs holds it (shared_ptr). All
// its handlers run on the strand of its socket's executor; shutdown() and evict() are the calls
// safe from any thread. An exception in any of its handlers closes this connection only.
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `api`, `workers` and `config` must outlive every handler of the session.
  Session(SessionSocket socket, const rest::Api& api, WorkerPool& workers,
          const SessionConfig& config, std::shared_ptr<SessionRegistry> registry);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Registers with the registry and starts reading. Call once.
  void start();

  // Thread-safe. An idle connection closes now; a request in progress is answered (with
  // Connection: close) and then the connection closes.
  void shutdown();

  // Thread-safe. Closes the connection if no request of it has been read yet (idle, or a header
  // still arriving), to make room for another; does nothing once a request is being served.
  void evict();

  // Thread-safe: what the connection does and since when (steady_clock ticks), read together.
  struct ActivityStamp {
    Activity activity;
    std::int64_t since;
  };
  ActivityStamp activity() const;

 private:
  using error_code = boost::system::error_code;
  using Clock = std::chrono::steady_clock;

  // Wraps a member handler so that an exception it throws closes this connection.
  template <class... Args>
  auto guarded(void (Session::*handler)(Args...));
  void fail(const char* what);

  void set_activity(Activity activity, Clock::time_point now);
  // Closes the connection once now + timeout passes; set_no_deadline() while a worker has it.
  void set_deadline(Clock::time_point now, Clock::duration timeout);
  void set_no_deadline() { deadline_ = Clock::time_point::max(); }
  void arm_timer(Clock::time_point expiry);
  void on_timer(error_code ec);
  std::string_view unparsed() const;  // received bytes the parser has not consumed
  void wait_for_request(Clock::time_point now);
  void read_header_bytes();
  void on_header_bytes(error_code ec, std::size_t bytes);
  void parse_header();
  void on_header(error_code ec);
  void on_prechecked(std::optional<rest::Response> refusal);
  void continue_with_body();
  void on_continue_written(error_code ec, std::size_t bytes);
  void read_body();
  void on_body(error_code ec, std::size_t bytes);
  void dispatch_request();
  void write_response();
  void on_response_written(error_code ec, std::size_t bytes);
  void reply_error_and_close(unsigned status, std::string_view message, bool retry_later = false);
  void reply_and_close(rest::Response response);
  void linger_then_close();
  void on_linger_read(error_code ec, std::size_t bytes);
  void close();

  SessionSocket socket_;
  boost::asio::steady_timer timer_;  // on the socket's strand
  boost::beast::flat_buffer buffer_;
  const rest::Api& api_;
  WorkerPool& workers_;
  const SessionConfig config_;  // a copy: the parser refers to its limits
  std::shared_ptr<SessionRegistry> registry_;
  std::string remote_addr_;

  // Per-request state; touched only on the strand.
  std::optional<RequestParser> parser_;
  BeastResponse response_;
  std::string head_;  // response_'s serialized header, while it is being written
  boost::beast::http::response<boost::beast::http::empty_body> continue_;
  std::string log_method_;
  std::string log_path_;
  Clock::time_point started_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point timer_expiry_ = Clock::time_point::max();  // max: the timer is not waiting
  Clock::duration timer_period_;         // the shortest of the read, write and idle timeouts
  Activity activity_ = Activity::kIdle;  // on the strand
  // activity_ and the time it began, for the registry's eviction scan: (ticks << 2) | activity.
  std::atomic<std::uint64_t> activity_stamp_{0};
  bool waiting_ = false;   // in the keep-alive wait, for the first byte of the next request
  bool stopping_ = false;  // shutdown() was called
  bool closed_ = false;
  bool linger_after_write_ = false;
  Clock::time_point linger_deadline_;
};

}  // namespace crm::server
