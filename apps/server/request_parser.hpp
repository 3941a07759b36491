#pragma once
// The HTTP/1.1 request parser of crm-server: Beast's basic_parser filling a string-body request,
// with the limits that keep a hostile client from making the server buffer, allocate or throw
// without bound. The session and the fuzz target (tests/fuzz) use exactly this class.
//
// Beast 1.81 bounds the request line and the header block by header_limit, but not the chunk-size
// lines (chunk extensions) nor the trailer: it buffers them until their end arrives, and a trailer
// field of 64 KiB or more makes basic_fields throw std::length_error. This parser refuses long
// chunk extensions and large trailers itself, never stores trailer fields (they do not override
// headers), and the session bounds its read buffer (RequestLimits::read_buffer) so that a line
// that never ends fails with buffer_overflow instead of growing memory.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "body_budget.hpp"

extern template class boost::beast::http::basic_parser<true>;

namespace crm::server {

struct RequestLimits {
  std::size_t target = 8 * 1024;         // longer request-target -> 414
  std::size_t header_bytes = 16 * 1024;  // request line, or field block, longer -> 431
  std::size_t header_fields = 100;       // more header fields -> 431
  std::size_t chunk_extension = 1024;    // longer chunk-ext on one chunk-size line -> 400
  std::size_t trailer_bytes = 8 * 1024;  // names + values of the trailer fields -> 400
  std::size_t trailer_fields = 32;       // more trailer fields -> 400
  std::size_t read_buffer = 32 * 1024;   // received, unparsed bytes held per connection
};

// The bound of a connection's read buffer: a request line or header block stops at header_bytes
// first (431), an endless chunk-size line or trailer at this (400).
inline std::size_t read_buffer_limit(const RequestLimits& limits) {
  return std::max(limits.read_buffer, limits.header_bytes + 1);
}

// Why the parser refused a request, beyond Beast's own error codes.
enum class Refusal {
  kNone,
  kTargetTooLong,   // 414
  kTooManyFields,   // 431
  kChunkExtension,  // 400
  kTrailer,         // 400
  kBodyTooLarge,    // 413
  kBudget,          // 503: the in-flight body budget is spent
};

// How a failed read of a request ends: answered with `status` and `message`, then closed; or
// closed without an answer (status 0) because the client went away or stalled.
struct ReadFailure {
  unsigned status = 0;
  std::string_view message;
  bool retry_later = false;  // 503: add Retry-After
};

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

// One request per parser (Beast parsers are not reusable).
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  // Chunked bodies reserve from `budget` chunk by chunk as their sizes arrive (null: no budget).
  RequestParser(const RequestLimits& limits, std::shared_ptr<BodyBudget> budget);

  // The largest body to accept; until it is set (once the header is known) the body is not
  // limited, so that Beast does not judge Content-Length before the target is known.
  void set_body_limit(std::size_t limit);

  // Adds `bytes` to the request's body reservation; false when the budget cannot spare them.
  bool reserve(std::size_t bytes);

  // The request so far (the header once is_header_done()).
  BeastRequest& get() { return message_; }
  const BeastRequest& get() const { return message_; }
  // Moves the request out. REQUIRES: is_done().
  BeastRequest release() { return std::move(message_); }
  // Moves the body reservation out, to live as long as the body it pays for.
  BodyBudget::Reservation release_reservation() { return std::move(reservation_); }

  Refusal refusal() const { return refusal_; }
  // The request line was parsed and accepted: get() has the method and target.
  bool start_line_done() const { return start_line_done_; }

  // Once the header is done: the refusal of a Transfer-Encoding that cannot be framed reliably
  // (RFC 9112 §6.1): 400 when it does not end in "chunked" (the body would be read as the next
  // request: a smuggling vector), 501 for codings before "chunked". nullopt when fine.
  std::optional<ReadFailure> framing_error() const;

  // What to answer after `ec` ended a read of this parser's request; `unparsed` is what the read
  // buffer still holds (it tells a long request line from a long header block).
  ReadFailure classify(boost::system::error_code ec, std::string_view unparsed) const;

 private:
  void on_request_impl(boost::beast::http::verb method, boost::beast::string_view method_str,
                       boost::beast::string_view target, int version,
                       boost::system::error_code& ec) override;
  void on_response_impl(int, boost::beast::string_view, int,
                        boost::system::error_code& ec) override;
  void on_field_impl(boost::beast::http::field name, boost::beast::string_view name_string,
                     boost::beast::string_view value, boost::system::error_code& ec) override;
  void on_header_impl(boost::system::error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                         boost::system::error_code& ec) override;
  std::size_t on_body_impl(boost::beast::string_view body, boost::system::error_code& ec) override;
  void on_chunk_header_impl(std::uint64_t size, boost::beast::string_view extensions,
                            boost::system::error_code& ec) override;
  std::size_t on_chunk_body_impl(std::uint64_t remain, boost::beast::string_view body,
                                 boost::system::error_code& ec) override;
  void on_finish_impl(boost::system::error_code& ec) override;

  void refuse(Refusal refusal, boost::system::error_code& ec);

  const RequestLimits& limits_;
  BeastRequest message_;
  BodyBudget::Reservation reservation_;
  std::size_t body_limit_ = SIZE_MAX;
  std::size_t header_fields_ = 0;
  std::size_t trailer_fields_ = 0;
  std::size_t trailer_bytes_ = 0;
  bool start_line_done_ = false;
  Refusal refusal_ = Refusal::kNone;
};

}  // namespace crm::server
