// End-to-end: crm-server under hostile clients, driven with raw sockets. Each test reproduces an
// attack (oversized trailers and chunk lines, headers, bodies refused late, connection floods,
// slow handlers) and checks the server refuses it early and keeps serving everyone else.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "raw_connection.hpp"
#include "running_server.hpp"
#include "support/http_client_test_util.hpp"

namespace {

using namespace std::chrono_literals;
using crm::test::body_of;
using crm::test::header_of;
using crm::test::HttpCall;
using crm::test::HttpClient;
using crm::test::RawConnection;
using crm::test::RunningServer;
using crm::test::status_of;

std::string request(const std::string& method, const std::string& target,
                    const std::string& extra_headers = "") {
  return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

std::string with_length(std::size_t length, const std::string& more = "") {
  return "Content-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n" +
         more;
}

std::string chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

const std::string kChunked = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
const std::string kWrongLogin = R"({"email":"nobody@example.com","password":"wrong password"})";

// A failed login for its own unknown email (10 failures of one email within 15 minutes get 429),
// always of the same length.
std::string wrong_login(int i) {
  char body[96];
  std::snprintf(body, sizeof body, R"({"email":"nobody%04d@example.com","password":"wrong"})", i);
  return body;
}

// The server still answers a new client: it did not die nor stall.
void check_alive(const RunningServer& server) {
  std::unique_ptr<RawConnection> probe;
  REQUIRE_NOTHROW(probe = std::make_unique<RawConnection>(server.port));
  REQUIRE(probe->send(request("GET", "/api/health")));
  CHECK(status_of(probe->read_response(5s)) == 200);
}

// Sends `head` and expects the response to arrive without anything more being sent.
std::string answer_to(RawConnection& connection, const std::string& head) {
  REQUIRE(connection.send(head));
  return connection.read_response(5s);
}

// PUT /api/auth: the first admin; returns its token.
std::string setup_admin(const RunningServer& server) {
  HttpClient client;
  auto setup = client.request(HttpCall{
      "PUT",
      server.url("/api/auth"),
      {"Content-Type: application/json"},
      R"({"email":"admin@example.com","password":"correct horse battery","firstName":"Ada"})"});
  REQUIRE(setup.status == 201);
  return std::string(boost::json::parse(setup.body).at("token").as_string());
}

// Invites a REP and logs them in; returns their token.
std::string rep_token(const RunningServer& server, const std::string& admin) {
  HttpClient client;
  auto invited = client.request(
      HttpCall{"POST",
               server.url("/api/users"),
               {"Content-Type: application/json", "Authorization: Bearer " + admin},
               R"({"email":"rep@example.com","firstName":"Rep","lastName":"One","role":"REP"})"});
  REQUIRE(invited.status == 201);
  const std::string password(
      boost::json::parse(invited.body).at("data").at("tempPassword").as_string());
  auto login =
      client.request(HttpCall{"POST",
                              server.url("/api/auth"),
                              {"Content-Type: application/json"},
                              R"({"email":"rep@example.com","password":")" + password + R"("})"});
  REQUIRE(login.status == 200);
  return std::string(boost::json::parse(login.body).at("token").as_string());
}

}  // namespace

TEST_CASE("a chunked trailer of 64 KiB is refused with 400 and does not kill the server") {
  RunningServer server;
  {
    // Beast 1.81 does not bound trailers by header_limit, and basic_fields throws on a field
    // of 64 KiB: the exception used to escape the handler and abort the process.
    RawConnection connection(server.port);
    REQUIRE(connection.send(request("POST", "/api/auth", kChunked) + chunk("{}") + "0\r\n"));
    connection.send("X-Trailer: " + std::string(70'000, 'a') + "\r\n\r\n");
    const std::string reply = connection.read_response(5s);
    INFO(reply);
    CHECK(status_of(reply) == 400);
    CHECK(header_of(reply, "Connection") == "close");
  }
  check_alive(server);

  {
    // Under the read buffer but over the trailer limit.
    RawConnection connection(server.port);
    const std::string reply =
        answer_to(connection, request("POST", "/api/auth", kChunked) + chunk("{}") +
                                  "0\r\nX-Trailer: " + std::string(10'000, 'a') + "\r\n\r\n");
    CHECK(status_of(reply) == 400);
    CHECK(body_of(reply) == R"({"error":"Trailer too large"})");
  }
  {
    // Too many small trailer fields.
    std::string trailer;
    for (int i = 0; i < 40; ++i) trailer += "X-T" + std::to_string(i) + ": v\r\n";
    RawConnection connection(server.port);
    const std::string reply = answer_to(connection, request("POST", "/api/auth", kChunked) +
                                                        chunk("{}") + "0\r\n" + trailer + "\r\n");
    CHECK(status_of(reply) == 400);
  }
  {
    // A small trailer is fine; it does not become a header (so it cannot add a token).
    RawConnection connection(server.port);
    const std::string reply =
        answer_to(connection, request("POST", "/api/auth", kChunked) + chunk(kWrongLogin) +
                                  "0\r\nX-Checksum: abc\r\n\r\n");
    CHECK(status_of(reply) == 401);
    CHECK(header_of(reply, "Connection") != "close");
  }
  check_alive(server);
  CHECK(server.terminate() == 0);
}

TEST_CASE("chunk-size lines are bounded: long extensions and endless lines get 400") {
  RunningServer server;
  {
    RawConnection connection(server.port);
    const std::string reply =
        answer_to(connection, request("POST", "/api/auth", kChunked) +
                                  "2;name=" + std::string(2'000, 'v') + "\r\n{}\r\n0\r\n\r\n");
    CHECK(status_of(reply) == 400);
    CHECK(body_of(reply) == R"({"error":"Chunk extension too long"})");
  }
  {
    // A chunk-size line that never ends used to be buffered without limit.
    RawConnection connection(server.port);
    REQUIRE(connection.send(request("POST", "/api/auth", kChunked) + "2;x="));
    const std::string filler(16 * 1024, 'v');
    for (int i = 0; i < 64; ++i)  // 1 MiB; the server stops reading long before
      if (!connection.send(filler)) break;
    const std::string reply = connection.read_response(5s);
    CHECK(status_of(reply) == 400);
  }
  {
    // An endless trailer likewise.
    RawConnection connection(server.port);
    REQUIRE(connection.send(request("POST", "/api/auth", kChunked) + chunk("{}") + "0\r\n"));
    for (int i = 0; i < 2'000; ++i)
      if (!connection.send("X-T" + std::to_string(i) + ": " + std::string(500, 'v') + "\r\n"))
        break;
    CHECK(status_of(connection.read_response(5s)) == 400);
  }
  check_alive(server);
  CHECK(server.terminate() == 0);
}

TEST_CASE(
    "request line and header limits: 414 over 8 KiB of target, 431 over 16 KiB or 100 fields") {
  RunningServer server;
  struct Case {
    std::string name;
    std::string head;
    int status;
  };
  std::string many_fields;
  for (int i = 0; i < 101; ++i) many_fields += "X-F" + std::to_string(i) + ": v\r\n";
  std::string hundred_fields;
  for (int i = 0; i < 99; ++i) hundred_fields += "X-F" + std::to_string(i) + ": v\r\n";
  const std::vector<Case> cases = {
      {"9 KiB target", request("GET", "/api/health?q=" + std::string(9 * 1024, 'a')), 414},
      {"20 KiB target", request("GET", "/api/health?q=" + std::string(20 * 1024, 'a')), 414},
      {"8000-byte target", request("GET", "/api/health?q=" + std::string(8'000, 'a')), 200},
      {"17 KiB field",
       request("GET", "/api/health", "X-Big: " + std::string(17 * 1024, 'a') + "\r\n"), 431},
      {"101 fields", request("GET", "/api/health", many_fields), 431},
      {"100 fields", request("GET", "/api/health", hundred_fields), 200},  // with Host
      {"obs-fold", request("GET", "/api/health", "X-Fold: a\r\n b\r\n"), 200},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    RawConnection connection(server.port);
    const std::string reply = answer_to(connection, c.head);
    CHECK(status_of(reply) == c.status);
  }
  {
    // Sent in pieces: Beast then waits for the whole header before parsing the request line,
    // and it is still the field block that is too large.
    RawConnection connection(server.port);
    REQUIRE(connection.send("GET /api/health HTTP/1.1\r\n"));
    std::this_thread::sleep_for(50ms);
    REQUIRE(connection.send("Host: x\r\n"));
    std::this_thread::sleep_for(50ms);
    for (int i = 0; i < 20; ++i)
      if (!connection.send("X-F" + std::to_string(i) + ": " + std::string(1000, 'a') + "\r\n"))
        break;
    CHECK(status_of(connection.read_response(5s)) == 431);
  }
  check_alive(server);
  CHECK(server.terminate() == 0);
  const std::string log = server.process->stderr_text();
  CHECK(log.find("- - 414 ") != std::string::npos);
  CHECK(log.find("GET /api/health 431 ") != std::string::npos);
}

TEST_CASE("framing that could smuggle a request is refused and the connection closed") {
  RunningServer server;
  const std::string smuggled = request("GET", "/api/nope");
  struct Case {
    std::string name;
    std::string head;
    int status;
  };
  const std::vector<Case> cases = {
      {"CL then TE",
       request("POST", "/api/auth", "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n") +
           "0\r\n\r\n" + smuggled,
       400},
      {"TE then CL",
       request("POST", "/api/auth", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") +
           "0\r\n\r\n" + smuggled,
       400},
      {"TE not ending in chunked",
       request("POST", "/api/auth", "Transfer-Encoding: gzip\r\n") + smuggled, 400},
      {"TE chunked twice",
       request("POST", "/api/auth",
               "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") +
           "0\r\n\r\n" + smuggled,
       400},
      {"gzip, chunked",
       request("POST", "/api/auth", "Transfer-Encoding: gzip, chunked\r\n") + "0\r\n\r\n" +
           smuggled,
       501},
      {"two lengths",
       request("POST", "/api/auth", "Content-Length: 2\r\nContent-Length: 3\r\n") + "{}" + smuggled,
       400},
      {"bad chunk size",
       request("POST", "/api/auth", kChunked) + "zz\r\n{}\r\n0\r\n\r\n" + smuggled, 400},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    RawConnection connection(server.port);
    REQUIRE(connection.send(c.head));
    const std::string replies = connection.read_until_close(5s);
    INFO(replies);
    CHECK(status_of(replies) == c.status);
    CHECK(crm::test::count_of(replies, "HTTP/1.1 ") == 1);  // the smuggled GET is never answered
  }
  check_alive(server);
  CHECK(server.terminate() == 0);
}

TEST_CASE("route, auth tier and declared size are refused before the body is read") {
  RunningServer server;
  const std::string admin = setup_admin(server);
  const std::string rep = rep_token(server, admin);
  constexpr std::size_t k25MiB = 25 << 20;

  struct Case {
    std::string name;
    std::string head;
    int status;
  };
  const std::vector<Case> cases = {
      // 40 such clients used to hold 1 GB: the body was read before the 404.
      {"25 MiB to an unknown path", request("POST", "/api/nope", with_length(k25MiB)), 404},
      {"wrong method", request("PUT", "/api/health", with_length(500'000)), 405},
      {"no token", request("POST", "/api/companies", with_length(500'000)), 401},
      {"bad token",
       request("POST", "/api/companies", with_length(500'000, "Authorization: Bearer x.y.z\r\n")),
       401},
      {"REP on an admin route",
       request("POST", "/api/users", with_length(500'000, "Authorization: Bearer " + rep + "\r\n")),
       403},
      {"REP cookie on an admin route",
       request("POST", "/api/users", with_length(500'000, "Cookie: token=" + rep + "\r\n")), 403},
      {"Bearer wins over the cookie",
       request("POST", "/api/users",
               with_length(500'000,
                           "Authorization: Bearer " + rep + "\r\nCookie: token=" + admin + "\r\n")),
       403},
      {"over the route's limit", request("POST", "/api/auth", with_length(2 << 20)), 413},
      {"with Expect: 100-continue",
       request("POST", "/api/nope", with_length(k25MiB, "Expect: 100-continue\r\n")), 404},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    RawConnection connection(server.port);
    const std::string reply = answer_to(connection, c.head);  // no body sent
    INFO(reply);
    CHECK(status_of(reply) == c.status);
    CHECK(header_of(reply, "Connection") == "close");
    CHECK(reply.find("100 Continue") == std::string::npos);
    // The client may go on sending; the server discards a little, then closes.
    connection.send(std::string(64 * 1024, 'x'));
    CHECK(connection.read_until_close(5s).empty());
  }

  // Allowed requests still get their body read, after a 100 Continue when asked.
  RawConnection allowed(server.port);
  const std::string company = R"({"name":"Acme"})";
  REQUIRE(allowed.send(request("POST", "/api/companies",
                               with_length(company.size(), "Authorization: Bearer " + rep +
                                                               "\r\nExpect: 100-continue\r\n"))));
  CHECK(status_of(allowed.read_response(5s)) == 100);
  REQUIRE(allowed.send(company));
  CHECK(status_of(allowed.read_response(5s)) == 201);

  check_alive(server);
  CHECK(server.terminate() == 0);
  const std::string log = server.process->stderr_text();
  CHECK(log.find("POST /api/nope 404 ") != std::string::npos);
  CHECK(log.find("POST /api/users 403 ") != std::string::npos);
}

TEST_CASE("request bodies in flight share a budget; a body that does not fit gets 503") {
  auto server = RunningServer::with_args({"--max-inflight-body-bytes", "2M"});
  const std::size_t size = 900 * 1024;  // under /api/auth's 1 MiB limit; two fit in 2 MiB
  const std::string body(size, ' ');
  const std::string head = request("POST", "/api/auth", with_length(size));

  RawConnection first(server->port);
  RawConnection second(server->port);
  REQUIRE(first.send(head + body.substr(0, size / 2)));
  REQUIRE(second.send(head + body.substr(0, size / 2)));
  std::this_thread::sleep_for(300ms);  // both checked and reserved, bodies half read

  {
    RawConnection third(server->port);
    const std::string reply = answer_to(third, head);
    INFO(reply);
    CHECK(status_of(reply) == 503);
    CHECK(header_of(reply, "Retry-After") == "1");
  }
  {
    // Chunked bodies reserve chunk by chunk and are cut when the budget runs out.
    RawConnection chunked(server->port);
    REQUIRE(chunked.send(request("POST", "/api/auth", kChunked)));
    chunked.send(chunk(std::string(300 * 1024, ' ')));
    CHECK(status_of(chunked.read_response(5s)) == 503);
  }

  // A finished request gives its share back.
  REQUIRE(first.send(body.substr(size / 2)));
  CHECK(status_of(first.read_response(5s)) == 400);  // blank JSON: answered by the handler
  RawConnection fourth(server->port);
  REQUIRE(fourth.send(head + body));
  CHECK(status_of(fourth.read_response(5s)) == 400);

  REQUIRE(second.send(body.substr(size / 2)));
  CHECK(status_of(second.read_response(5s)) == 400);
  CHECK(server->terminate() == 0);
}

TEST_CASE("at --max-connections, idle connections are closed (oldest first) to make room") {
  auto server = RunningServer::with_args({"--max-connections", "50", "--threads", "1"});

  // 50 connections that never send anything...
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 50; ++i) idle.push_back(std::make_unique<RawConnection>(server->port));
  std::this_thread::sleep_for(300ms);  // all accepted, in that order

  // ...do not keep a new client from being served.
  for (int round = 0; round < 3; ++round) {
    RawConnection client(server->port);
    const std::string reply = answer_to(client, request("GET", "/api/health"));
    CHECK(status_of(reply) == 200);
  }
  // The oldest idle connections were closed; the newest are still open.
  CHECK(idle.front()->read_until_close(2s).empty());
  REQUIRE(idle.back()->send(request("GET", "/api/health")));
  CHECK(status_of(idle.back()->read_response(5s)) == 200);

  // Keep-alive connections that already had a request are idle too.
  idle.clear();
  std::vector<std::unique_ptr<RawConnection>> kept;
  for (int i = 0; i < 50; ++i) {
    kept.push_back(std::make_unique<RawConnection>(server->port));
    REQUIRE(kept.back()->send(request("GET", "/api/health")));
    REQUIRE(status_of(kept.back()->read_response(5s)) == 200);
  }
  RawConnection newcomer(server->port);
  CHECK(status_of(answer_to(newcomer, request("GET", "/api/health"))) == 200);
  CHECK(server->terminate() == 0);
}

TEST_CASE("at --max-connections with every connection busy, a newcomer gets 503") {
  auto server = RunningServer::with_args({"--max-connections", "20"});
  const std::string head = request("POST", "/api/auth", with_length(wrong_login(0).size()));
  std::vector<std::unique_ptr<RawConnection>> busy;
  for (int i = 0; i < 20; ++i) {
    busy.push_back(std::make_unique<RawConnection>(server->port));
    REQUIRE(busy.back()->send(head + wrong_login(i).substr(0, 10)));  // body half sent
  }
  std::this_thread::sleep_for(300ms);

  {
    RawConnection newcomer(server->port);
    const std::string reply = newcomer.read_response(5s);
    CHECK(status_of(reply) == 503);
    CHECK(header_of(reply, "Retry-After") == "1");
  }
  // The busy connections are unharmed.
  for (int i = 0; i < 20; ++i) {
    REQUIRE(busy[i]->send(wrong_login(i).substr(10)));
    CHECK(status_of(busy[i]->read_response(5s)) == 401);
  }
  busy.clear();
  std::this_thread::sleep_for(200ms);
  check_alive(*server);
  CHECK(server->terminate() == 0);
}

TEST_CASE("handlers run on the worker pool: /api/health answers while others are mid-request") {
  auto server = RunningServer::with_args({"--threads", "1", "--workers", "8"});

  // 20 connections each holding a half-sent body.
  const std::string head = request("POST", "/api/auth", with_length(wrong_login(0).size()));
  std::vector<std::unique_ptr<RawConnection>> holding;
  for (int i = 0; i < 20; ++i) {
    holding.push_back(std::make_unique<RawConnection>(server->port));
    REQUIRE(holding.back()->send(head + wrong_login(i).substr(0, 20)));
  }
  std::this_thread::sleep_for(200ms);
  HttpClient client;
  const auto started = std::chrono::steady_clock::now();
  CHECK(client.get(server->url("/api/health")).status == 200);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  for (int i = 0; i < 20; ++i) {
    REQUIRE(holding[i]->send(wrong_login(i).substr(20)));
    CHECK(status_of(holding[i]->read_response(5s)) == 401);
  }

  // Many concurrent connections with pipelined requests all complete.
  std::vector<std::unique_ptr<RawConnection>> many;
  for (int i = 0; i < 64; ++i) {
    many.push_back(std::make_unique<RawConnection>(server->port));
    REQUIRE(many.back()->send(request("GET", "/api/health") + request("GET", "/api/nope") +
                              request("POST", "/api/auth", with_length(wrong_login(0).size())) +
                              wrong_login(100 + i)));
  }
  int answered = 0;
  for (auto& connection : many) {
    answered += status_of(connection->read_response(10s)) == 200;
    answered += status_of(connection->read_response(10s)) == 404;
    // A wrong password is 401, or 503 when the bounded password-hashing queue is full.
    const int login = status_of(connection->read_response(10s));
    answered += login == 401 || login == 503;
  }
  CHECK(answered == 64 * 3);
  CHECK(server->terminate() == 0);
}

TEST_CASE("a slow handler does not stall the I/O thread") {
  // bcrypt at cost 12 takes ~250 ms per password check: a wrong-password login is the slowest
  // handler there is. With one I/O thread, /api/health must not wait behind them.
  auto server = std::make_unique<RunningServer>(
      RunningServer::Env{{"JWT_SECRET", crm::test::kE2eJwtSecret}, {"BCRYPT_COST", "12"}},
      std::vector<std::string>{"--threads", "1", "--workers", "8"});
  setup_admin(*server);

  const std::string login = R"({"email":"admin@example.com","password":"not the password"})";
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 3; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server->port));
    REQUIRE(slow.back()->send(request("POST", "/api/auth", with_length(login.size())) + login));
  }
  std::this_thread::sleep_for(30ms);
  RawConnection health(server->port);
  const std::string reply = answer_to(health, request("GET", "/api/health"));
  CHECK(status_of(reply) == 200);
  // Answered while every slow login was still being checked.
  for (auto& connection : slow) CHECK_FALSE(connection->has_input());
  for (auto& connection : slow) CHECK(status_of(connection->read_response(10s)) == 401);
  CHECK(server->terminate() == 0);
}

TEST_CASE("a flood of anonymous logins and setups does not starve signed-in users") {
  // bcrypt at the production cost: each flooding request would cost ~250 ms of a core if the
  // server let it. PUT /api/auth after setup must answer 403 without hashing; POST /api/auth
  // runs on the bounded password pool, whose overflow answers 503 at once.
  auto server = std::make_unique<RunningServer>(
      RunningServer::Env{{"JWT_SECRET", crm::test::kE2eJwtSecret}, {"BCRYPT_COST", "12"}},
      std::vector<std::string>{"--threads", "2"});
  const std::string admin = setup_admin(*server);

  std::atomic<bool> flooding{true};
  std::atomic<int> refused{0}, flood_requests{0};
  std::vector<std::thread> flood;
  for (int i = 0; i < 32; ++i)
    flood.emplace_back([&, i] {
      HttpClient client;
      while (flooding) {
        const bool setup = i % 2 == 0;
        auto r = client.request(HttpCall{
            setup ? "PUT" : "POST",
            server->url("/api/auth"),
            {"Content-Type: application/json"},
            setup ? R"({"email":"x@example.com","password":"another password","firstName":"X"})"
                  : wrong_login(i)});
        ++flood_requests;
        if (r.status == 503 || r.status == 403 || r.status == 401 || r.status == 429) ++refused;
      }
    });
  std::this_thread::sleep_for(500ms);  // the flood is at full pressure

  HttpClient me;
  std::vector<double> latencies_ms;
  for (int i = 0; i < 40; ++i) {
    const auto started = std::chrono::steady_clock::now();
    auto r = me.get(server->url("/api/users/me"), {"Authorization: Bearer " + admin});
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count());
    CHECK(r.status == 200);
    std::this_thread::sleep_for(20ms);
  }
  flooding = false;
  for (auto& t : flood) t.join();

  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double p90 = latencies_ms[latencies_ms.size() * 9 / 10];
  MESSAGE("users/me p90 " << p90 << " ms during " << flood_requests.load() << " flooding requests");
  CHECK(p90 < 300.0);
  CHECK(refused == flood_requests);  // every flooding request was answered, none let in
  CHECK(server->terminate() == 0);
}
