// Unit tests of crm-server's parts that need no socket: the worker pool, the body budget and the
// request parser's limits.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "server/body_budget.hpp"
#include "server/request_parser.hpp"
#include "server/worker_pool.hpp"

namespace {

using crm::server::BodyBudget;
using crm::server::Refusal;
using crm::server::RequestLimits;
using crm::server::RequestParser;
using crm::server::WorkerPool;

// A gate the test opens to let blocked jobs finish.
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  void wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [this] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

// Feeds `bytes` to `parser` at once (eager, as the body read does); returns the error.
boost::system::error_code feed(RequestParser& parser, const std::string& bytes) {
  boost::system::error_code ec;
  parser.eager(true);
  std::size_t offset = 0;
  while (offset < bytes.size() && !parser.is_done()) {
    offset += parser.put(boost::asio::buffer(bytes.data() + offset, bytes.size() - offset), ec);
    if (ec) return ec;
  }
  return ec;
}

}  // namespace

TEST_CASE("WorkerPool runs jobs off the caller's thread and refuses them when its queue is full") {
  WorkerPool pool(1, 2);
  Gate gate;
  std::atomic<int> ran{0};
  std::atomic<bool> started{false};
  REQUIRE(pool.try_submit([&] {
    started = true;
    gate.wait();
    ++ran;
  }));
  while (!started) std::this_thread::yield();
  CHECK(pool.try_submit([&] { ++ran; }));
  CHECK(pool.try_submit([&] { ++ran; }));
  CHECK_FALSE(pool.try_submit([&] { ++ran; }));  // two already wait
  gate.release();
  for (int i = 0; i < 500 && ran < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(ran == 3);

  // A throwing job does not take its thread down.
  CHECK(pool.try_submit([] { throw std::runtime_error("boom"); }));
  CHECK(pool.try_submit([&] { ++ran; }));
  for (int i = 0; i < 500 && ran < 4; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(ran == 4);
}

TEST_CASE("WorkerPool::stop lets running jobs finish and drops queued ones") {
  WorkerPool pool(1, 8);
  Gate gate;
  std::atomic<bool> started{false};
  std::atomic<int> ran{0};
  auto owned = std::make_shared<int>(7);  // a queued job's captures are released unrun
  REQUIRE(pool.try_submit([&] {
    started = true;
    gate.wait();
    ++ran;
  }));
  while (!started) std::this_thread::yield();
  REQUIRE(pool.try_submit([&, owned] { ran += 100; }));
  std::thread stopper([&] { pool.stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  gate.release();
  stopper.join();
  CHECK(ran == 1);
  CHECK(owned.use_count() == 1);
  CHECK_FALSE(pool.try_submit([] {}));
}

TEST_CASE("BodyBudget reservations take and give back bytes") {
  auto budget = BodyBudget::create(100);
  {
    auto a = budget->reserve();
    CHECK(a.grow(60));
    auto b = budget->reserve();
    CHECK_FALSE(b.grow(41));
    CHECK(b.grow(40));
    CHECK(budget->in_use() == 100);
    auto moved = std::move(a);
    CHECK(budget->in_use() == 100);
    moved.release();
    CHECK(budget->in_use() == 40);
    CHECK(b.grow(60));
  }
  CHECK(budget->in_use() == 0);
  BodyBudget::Reservation unlimited;
  CHECK(unlimited.grow(std::size_t{1} << 40));
}

TEST_CASE("RequestParser refuses long targets, many fields, long chunk extensions, big trailers") {
  const RequestLimits limits;
  auto budget = BodyBudget::create(1 << 20);
  const std::string chunked = "POST /api/auth HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

  {
    RequestParser parser(limits, budget);
    const std::string line = "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n";
    auto ec = feed(parser, line);
    CHECK(parser.refusal() == Refusal::kTargetTooLong);
    CHECK(parser.classify(ec, line).status == 414);
  }
  {
    std::string head = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 101; ++i) head += "X-" + std::to_string(i) + ": v\r\n";
    RequestParser parser(limits, budget);
    auto ec = feed(parser, head + "\r\n");
    CHECK(parser.classify(ec, {}).status == 431);
  }
  {
    RequestParser parser(limits, budget);
    parser.set_body_limit(1 << 20);
    auto ec = feed(parser, chunked + "2;" + std::string(2000, 'x') + "\r\n{}\r\n0\r\n\r\n");
    CHECK(parser.refusal() == Refusal::kChunkExtension);
    CHECK(parser.classify(ec, {}).status == 400);
  }
  {
    // 64 KiB in one trailer field made basic_fields throw std::length_error.
    RequestParser parser(limits, budget);
    parser.set_body_limit(1 << 20);
    boost::system::error_code ec;
    CHECK_NOTHROW(ec = feed(parser, chunked + "2\r\n{}\r\n0\r\nX-T: " + std::string(70'000, 'a') +
                                        "\r\n\r\n"));
    CHECK(parser.refusal() == Refusal::kTrailer);
    CHECK(parser.classify(ec, {}).status == 400);
  }
  {
    // A small trailer is accepted but not merged into the header.
    RequestParser parser(limits, budget);
    parser.set_body_limit(1 << 20);
    auto ec = feed(parser, chunked + "2\r\n{}\r\n0\r\nAuthorization: Bearer x\r\n\r\n");
    CHECK_FALSE(ec);
    REQUIRE(parser.is_done());
    CHECK(parser.get().body() == "{}");
    CHECK(parser.get().find("Authorization") == parser.get().end());
    CHECK(parser.release_reservation().size() == 2);
  }
  {
    // Chunks reserve from the budget as their sizes arrive.
    auto small = BodyBudget::create(10);
    RequestParser parser(limits, small);
    parser.set_body_limit(1 << 20);
    auto ec = feed(parser, chunked + "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n");
    CHECK(parser.refusal() == Refusal::kBudget);
    const auto failure = parser.classify(ec, {});
    CHECK(failure.status == 503);
    CHECK(failure.retry_later);
  }
  {
    RequestParser parser(limits, budget);
    parser.set_body_limit(4);
    auto ec = feed(parser, chunked + "3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n");
    CHECK(parser.classify(ec, {}).status == 413);
  }
  CHECK(budget->in_use() == 0);
}

TEST_CASE("RequestParser::framing_error refuses what could smuggle a request") {
  const RequestLimits limits;
  auto parse_header = [&](const std::string& head) {
    auto parser = std::make_unique<RequestParser>(limits, nullptr);
    boost::system::error_code ec;
    parser->eager(false);
    parser->put(boost::asio::buffer(head), ec);
    REQUIRE_FALSE(ec);
    REQUIRE(parser->is_header_done());
    return parser;
  };
  CHECK_FALSE(
      parse_header("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")->framing_error());
  CHECK(
      parse_header("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")->framing_error()->status ==
      400);
  CHECK(parse_header("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
            ->framing_error()
            ->status == 501);
  CHECK_FALSE(parse_header("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\n")->framing_error());
}
