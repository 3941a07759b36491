#include "request_parser.hpp"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

template class boost::beast::http::basic_parser<true>;

namespace crm::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using error_code = boost::system::error_code;

RequestParser::RequestParser(const RequestLimits& limits, std::shared_ptr<BodyBudget> budget)
    : limits_(limits), reservation_(budget ? budget->reserve() : BodyBudget::Reservation()) {
  header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
  body_limit(boost::none);
}

void RequestParser::set_body_limit(std::size_t limit) {
  body_limit_ = limit;
  body_limit(limit);
}

bool RequestParser::reserve(std::size_t bytes) { return reservation_.grow(bytes); }

void RequestParser::refuse(Refusal refusal, error_code& ec) {
  refusal_ = refusal;
  // Any error stops the parse; classify() reads refusal_ to answer.
  ec = http::error::bad_value;
}

void RequestParser::on_request_impl(http::verb method, beast::string_view method_str,
                                    beast::string_view target, int version, error_code& ec) {
  if (target.size() > limits_.target) return refuse(Refusal::kTargetTooLong, ec);
  start_line_done_ = true;
  message_.target(target);
  if (method != http::verb::unknown)
    message_.method(method);
  else
    message_.method_string(method_str);
  message_.version(version);
  ec = {};
}

void RequestParser::on_response_impl(int, beast::string_view, int, error_code& ec) {
  ec = http::error::bad_version;  // never called for a request parser
}

void RequestParser::on_field_impl(http::field name, beast::string_view name_string,
                                  beast::string_view value, error_code& ec) {
  ec = {};
  if (!is_header_done()) {
    // header_limit bounds a field below the 64 KiB at which basic_fields would throw.
    if (++header_fields_ > limits_.header_fields) return refuse(Refusal::kTooManyFields, ec);
    message_.insert(name, name_string, value);
    return;
  }
  // A trailer field: counted and bounded, but never merged into the header, where it could
  // override fields the server already acted on (RFC 9110 §6.5.1).
  trailer_bytes_ += name_string.size() + value.size();
  if (++trailer_fields_ > limits_.trailer_fields || trailer_bytes_ > limits_.trailer_bytes)
    return refuse(Refusal::kTrailer, ec);
}

void RequestParser::on_header_impl(error_code& ec) { ec = {}; }

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& content_length,
                                      error_code& ec) {
  ec = {};
  if (!content_length) return;
  if (*content_length > body_limit_) return refuse(Refusal::kBodyTooLarge, ec);
  message_.body().reserve(static_cast<std::size_t>(*content_length));
}

std::size_t RequestParser::on_body_impl(beast::string_view body, error_code& ec) {
  ec = {};
  if (body.size() > body_limit_ - message_.body().size()) {
    refuse(Refusal::kBodyTooLarge, ec);
    return 0;
  }
  message_.body().append(body);
  return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t size, beast::string_view extensions,
                                         error_code& ec) {
  ec = {};
  if (extensions.size() > limits_.chunk_extension) return refuse(Refusal::kChunkExtension, ec);
  // Beast has already checked `size` against the body limit.
  if (size > 0 && !reservation_.grow(static_cast<std::size_t>(size)))
    return refuse(Refusal::kBudget, ec);
}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, beast::string_view body,
                                              error_code& ec) {
  return on_body_impl(body, ec);
}

void RequestParser::on_finish_impl(error_code& ec) { ec = {}; }

std::optional<ReadFailure> RequestParser::framing_error() const {
  const auto te = message_.find(http::field::transfer_encoding);
  if (te == message_.end()) return std::nullopt;
  if (!chunked()) return ReadFailure{400, "Bad request"};
  std::string_view value = te->value();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (!beast::iequals(value, "chunked")) return ReadFailure{501, "Transfer-Encoding not supported"};
  return std::nullopt;
}

ReadFailure RequestParser::classify(error_code ec, std::string_view unparsed) const {
  switch (refusal_) {
    case Refusal::kNone:
      break;
    case Refusal::kTargetTooLong:
      return {414, "URI too long"};
    case Refusal::kTooManyFields:
      return {431, "Header too large"};
    case Refusal::kChunkExtension:
      return {400, "Chunk extension too long"};
    case Refusal::kTrailer:
      return {400, "Trailer too large"};
    case Refusal::kBodyTooLarge:
      return {413, "Payload too large"};
    case Refusal::kBudget:
      return {503, "Server busy, retry later", true};
  }
  // The client went away or stalled: nobody to answer.
  if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == beast::error::timeout || ec == net::error::operation_aborted ||
      ec == net::error::connection_reset || ec == net::error::broken_pipe || ec == net::error::eof)
    return {};
  if (ec == http::error::body_limit) return {413, "Payload too large"};
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    // Beast stops at header_limit in the request line, in the field block, and in an obs-fold;
    // the read buffer fills up in an endless chunk-size line or trailer. Once a request line has
    // arrived in pieces, Beast waits for the whole header before it parses that line, so a
    // complete line in the buffer means the field block is what is too long.
    if (!start_line_done_) {
      const auto line_end = unparsed.find('\n');
      if (line_end == std::string_view::npos || line_end > limits_.target + 64)
        return {414, "URI too long"};
      return {431, "Header too large"};
    }
    if (!is_header_done()) return {431, "Header too large"};
    return {400, "Chunk extension or trailer too large"};
  }
  return {400, "Bad request"};
}

}  // namespace crm::server
