// Fuzz target of crm-server's request parsing: arbitrary bytes go through a RequestParser set up
// exactly as a Session sets it up (limits, bounded read buffer, eager only for the body, body
// limit and budget), in two ways of splitting them into reads; each request parsed goes through
// rest::Api::precheck and handle on an in-memory engine, as the session would send it.
//
// Built as a libFuzzer target with CRM_FUZZ=ON (clang), and as a replay executable
// (replay_main.cpp) that CTest runs over tests/fuzz/corpus/http.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "adapters/rest/api.hpp"
#include "crm/engine.hpp"
#include "crm/options.hpp"
#include "crm/storage.hpp"
#include "server/body_budget.hpp"
#include "server/message_mapping.hpp"
#include "server/request_parser.hpp"

namespace {

namespace http = boost::beast::http;
using crm::server::RequestLimits;
using crm::server::RequestParser;

// CRM_FUZZ_VERBOSE=1 prints what became of each request (for looking at seeds, not fuzzing).
const bool kVerbose = std::getenv("CRM_FUZZ_VERBOSE") != nullptr;

void note(std::string_view what, unsigned status) {
  if (kVerbose)
    std::fprintf(stderr, "  %.*s -> %u\n", static_cast<int>(what.size()), what.data(), status);
}

// A broken invariant: crash, so that libFuzzer (or the replay) reports the input.
void require(bool condition) {
  if (!condition) std::abort();
}

struct Harness {
  Harness() {
    crm::EngineOptions options;
    options.jwt_secret = "fuzz-secret-0123456789abcdef0123456789abcdef";
    options.bcrypt_cost = 4;
    options.data_dir = "fuzz-data";
    engine = crm::Engine::open(crm::storage::open_database("sqlite::memory:"), options);
    api = std::make_unique<crm::rest::Api>(*engine);
  }
  std::unique_ptr<crm::Engine> engine;
  std::unique_ptr<crm::rest::Api> api;
  const RequestLimits limits{};  // the session's defaults
  // Small, so that the budget refusals are reached too.
  std::shared_ptr<crm::server::BodyBudget> budget = crm::server::BodyBudget::create(1 << 20);
};

// The bytes of the "network", delivered at most `read_size` at a time into a buffer bounded as
// the session bounds it.
class Wire {
 public:
  Wire(std::string_view input, std::size_t read_size, std::size_t buffer_limit)
      : input_(input), read_size_(read_size), buffer_(buffer_limit) {}

  boost::beast::flat_buffer& buffer() { return buffer_; }

  // One read; false when the input is exhausted or the buffer is full (buffer_overflow).
  bool read(bool& overflow) {
    const std::size_t space = buffer_.max_size() - buffer_.size();
    overflow = space == 0;
    if (input_.empty() || overflow) return false;
    const std::size_t n = std::min({input_.size(), read_size_, space});
    auto target = buffer_.prepare(n);
    boost::asio::buffer_copy(target, boost::asio::buffer(input_.data(), n));
    buffer_.commit(n);
    input_.remove_prefix(n);
    return true;
  }

 private:
  std::string_view input_;
  const std::size_t read_size_;
  boost::beast::flat_buffer buffer_;
};

// Parses until `done` holds, an error, or the end of the input, as Beast's read operations do:
// put() what is buffered while it makes progress, read more when it needs more.
template <class Done>
boost::system::error_code parse(RequestParser& parser, Wire& wire, Done done) {
  for (;;) {
    if (done()) return {};
    boost::system::error_code ec = http::error::need_more;
    if (wire.buffer().size() > 0) {
      const std::size_t used = parser.put(wire.buffer().data(), ec);
      require(used <= wire.buffer().size());
      wire.buffer().consume(used);
      if (ec && ec != http::error::need_more) return ec;
      // No progress and no error would make the server's read loop spin.
      require(used > 0 || ec || done());
    }
    if (ec == http::error::need_more) {
      bool overflow = false;
      if (!wire.read(overflow))
        return overflow ? http::error::buffer_overflow : http::error::partial_message;
    }
  }
}

std::string_view unparsed(Wire& wire) {
  const auto data = wire.buffer().data();
  return {static_cast<const char*>(data.data()), data.size()};
}

// Serves every request in `input` like a session, until one ends the connection.
void serve(Harness& h, std::string_view input, std::size_t read_size) {
  Wire wire(input, read_size, crm::server::read_buffer_limit(h.limits));
  for (int request = 0; request < 16; ++request) {
    RequestParser parser(h.limits, h.budget);
    parser.eager(false);
    boost::system::error_code ec;
    if (wire.buffer().size() == 0) {
      bool overflow = false;
      if (!wire.read(overflow)) return;
    }
    ec = parse(parser, wire, [&] { return parser.is_header_done(); });
    if (ec) {
      const auto failure = parser.classify(ec, unparsed(wire));
      require(failure.status == 0 || (failure.status >= 400 && failure.status < 600));
      return note("header refused", failure.status);
    }
    if (!parser.is_header_done()) return;
    if (auto failure = parser.framing_error()) return note("framing refused", failure->status);

    const auto& header = parser.get();
    require(header.target().size() <= h.limits.target);
    const std::size_t limit = crm::rest::Api::body_limit(header.target());
    parser.set_body_limit(limit);
    const auto length = parser.content_length();
    if (!parser.is_done()) {
      const std::string method =
          header.method() == http::verb::head ? "GET" : std::string(header.method_string());
      crm::rest::Headers headers;
      for (const auto& field : header)
        headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      if (auto refusal = h.api->precheck(method, std::string(header.target()), headers)) {
        require(refusal->status >= 400);
        return note("precheck refused", static_cast<unsigned>(refusal->status));
      }
      if (length && *length > 0 && !parser.reserve(static_cast<std::size_t>(*length)))
        return note("over budget", 503);
      parser.eager(true);
      ec = parse(parser, wire, [&] { return parser.is_done(); });
      if (ec) {
        const auto failure = parser.classify(ec, unparsed(wire));
        require(failure.status == 0 || (failure.status >= 400 && failure.status < 600));
        return note("body refused", failure.status);
      }
      if (!parser.is_done()) return;
    }
    const bool keep_alive = parser.keep_alive();
    auto reservation = parser.release_reservation();
    auto message = parser.release();
    require(message.body().size() <= limit);
    require(reservation.size() >= message.body().size());
    const auto response = h.api->handle(crm::server::to_rest_request(message, "127.0.0.1"));
    require(response.status >= 200 && response.status < 600);
    note(std::string(message.method_string()) + " " + std::string(message.target()),
         static_cast<unsigned>(response.status));
    if (!keep_alive) return;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  serve(harness, input, 64 * 1024);        // reads as large as Beast asks for
  serve(harness, input, 7);                // and small, odd ones
  require(harness.budget->in_use() == 0);  // every reservation was given back
  return 0;
}
