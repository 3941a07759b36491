// End-to-end: the real crm-server binary on loopback, driven with libcurl and raw sockets.

#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "raw_connection.hpp"
#include "running_server.hpp"
#include "server_process.hpp"
#include "support/http_client_test_util.hpp"

namespace {

using namespace std::chrono_literals;
using crm::test::HttpCall;
using crm::test::HttpClient;
using crm::test::RawConnection;
using crm::test::RunningServer;
using crm::test::ServerLaunch;
using crm::test::ServerProcess;
using crm::test::TempDir;

const std::string& kJwtSecret = crm::test::kE2eJwtSecret;

boost::json::value json_of(const std::string& body) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  INFO("body: " << body);
  REQUIRE_FALSE(ec);
  return value;
}

std::string admin_setup_body() {
  return R"({"email":"admin@example.com","password":"correct horse battery","firstName":"Ada"})";
}

std::string request_line(const std::string& method, const std::string& path,
                         const std::string& extra_headers = "") {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

}  // namespace

TEST_CASE("crm-server serves the API over loopback and exits 0 on SIGTERM") {
  RunningServer server;
  HttpClient client;

  auto health = client.get(server.url("/api/health"));
  INFO("curl: " << health.error);
  REQUIRE(health.status == 200);
  CHECK(health.header("Server") == "libcrm");
  CHECK(health.header("Content-Type").value_or("").starts_with("application/json"));
  CHECK(health.header("Content-Length") == std::to_string(health.body.size()));
  CHECK(json_of(health.body).as_object().contains("status"));

  auto head = client.request(HttpCall{"HEAD", server.url("/api/health"), {}, std::nullopt});
  CHECK(head.status == 200);
  CHECK(head.body.empty());
  CHECK(std::stoul(head.header("Content-Length").value_or("0")) > 0);

  auto setup = client.request(HttpCall{
      "PUT", server.url("/api/auth"), {"Content-Type: application/json"}, admin_setup_body()});
  INFO("setup body: " << setup.body);
  REQUIRE(setup.status == 201);
  const std::string token = json_of(setup.body).at("token").as_string().c_str();
  CHECK_FALSE(token.empty());
  CHECK(setup.header("Set-Cookie").value_or("").starts_with("token="));

  auto me = client.get(server.url("/api/users/me"), {"Authorization: Bearer " + token});
  CHECK(me.status == 200);
  CHECK(me.body.find("admin@example.com") != std::string::npos);

  auto anonymous = client.get(server.url("/api/users/me"));
  CHECK(anonymous.status == 401);
  CHECK(json_of(anonymous.body).as_object().contains("error"));

  auto unknown = client.get(server.url("/api/nope"));
  CHECK(unknown.status == 404);

  const std::string big(2 * 1024 * 1024, 'x');
  // curl announces a large body with "Expect: 100-continue": refused before it is sent.
  auto too_large = client.request(
      HttpCall{"POST", server.url("/api/auth"), {"Content-Type: application/json"}, big});
  INFO("curl: " << too_large.error);
  CHECK(too_large.status == 413);
  CHECK(too_large.body == R"({"error":"Payload too large"})");
  // Without Expect the body is already on its way when the server answers.
  auto too_large_sent = client.request(HttpCall{
      "POST", server.url("/api/auth"), {"Content-Type: application/json", "Expect:"}, big});
  INFO("curl: " << too_large_sent.error);
  CHECK(too_large_sent.status == 413);

  // The connection closed after the 413 is replaced transparently.
  CHECK(client.get(server.url("/api/health?probe=1")).status == 200);

  CHECK(server.terminate() == 0);
  const std::string log = server.process->stderr_text();
  INFO("server stderr:\n" << log);
  CHECK(log.find("GET /api/health 200 ") != std::string::npos);
  CHECK(log.find("PUT /api/auth 201 ") != std::string::npos);
  CHECK(log.find("GET /api/users/me 401 ") != std::string::npos);
  CHECK(log.find("POST /api/auth 413 ") != std::string::npos);
  CHECK(log.find("probe=1") == std::string::npos);  // query strings stay out of the log
  CHECK(log.find("create the first admin") != std::string::npos);
}

TEST_CASE("keep-alive connections are reused and pipelined requests answered in order") {
  RunningServer server;

  HttpClient client;
  REQUIRE(client.get(server.url("/api/health")).status == 200);
  auto second = client.get(server.url("/api/nope"));
  CHECK(second.status == 404);
  CHECK(second.new_connections == 0);

  RawConnection connection(server.port);
  REQUIRE(connection.send(request_line("GET", "/api/health") + request_line("GET", "/api/nope") +
                          request_line("GET", "/api/health", "Connection: close\r\n")));
  const std::string replies = connection.read_until_close(5s);
  INFO(replies);
  CHECK(crm::test::count_of(replies, "HTTP/1.1 ") == 3);
  const auto first_ok = replies.find("HTTP/1.1 200");
  const auto not_found = replies.find("HTTP/1.1 404");
  const auto last_ok = replies.rfind("HTTP/1.1 200");
  CHECK(first_ok < not_found);
  CHECK(not_found < last_ok);
  CHECK(server.terminate() == 0);
}

TEST_CASE("a chunked body over the limit is refused with 413") {
  RunningServer server;
  RawConnection connection(server.port);
  REQUIRE(connection.send(request_line("POST", "/api/auth",
                                       "Content-Type: application/json\r\n"
                                       "Transfer-Encoding: chunked\r\n")));
  const std::string chunk(64 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 20; ++i)  // 1.25 MiB in all; the server may stop reading midway
    if (!connection.send(size_line + chunk + "\r\n")) break;
  const std::string reply = connection.read_until_close(5s);
  INFO(reply);
  CHECK(reply.starts_with("HTTP/1.1 413"));
  CHECK(reply.find(R"({"error":"Payload too large"})") != std::string::npos);
  CHECK(server.terminate() == 0);
}

TEST_CASE("SIGTERM closes idle connections, finishes requests in flight, refuses new ones") {
  RunningServer server;

  RawConnection idle(server.port);
  REQUIRE(idle.send(request_line("GET", "/api/health")));
  REQUIRE(crm::test::count_of(idle.read_until("\r\n\r\n", 1, 5s), "HTTP/1.1 200") == 1);

  // A request whose body is only half sent when the signal arrives.
  const std::string body = R"({"email":"nobody@example.com","password":"wrong password"})";
  RawConnection in_flight(server.port);
  REQUIRE(in_flight.send(request_line("POST", "/api/auth",
                                      "Content-Type: application/json\r\nContent-Length: " +
                                          std::to_string(body.size()) + "\r\n")));
  REQUIRE(in_flight.send(body.substr(0, 10)));
  std::this_thread::sleep_for(200ms);

  const auto signalled = std::chrono::steady_clock::now();
  server.process->send_signal(SIGTERM);

  // The idle keep-alive connection is closed promptly, without a response.
  CHECK(idle.read_until_close(3s).empty());
  CHECK(std::chrono::steady_clock::now() - signalled < 2s);

  // New connections are refused once the listener is closed.
  std::this_thread::sleep_for(100ms);
  CHECK_THROWS(RawConnection(server.port));

  // The half-sent request still gets its answer, with Connection: close.
  REQUIRE(in_flight.send(body.substr(10)));
  const std::string reply = in_flight.read_until_close(5s);
  INFO(reply);
  CHECK(reply.starts_with("HTTP/1.1 401"));
  CHECK(reply.find("Connection: close") != std::string::npos);

  CHECK(server.process->wait_for_exit(5s) == 0);
}

TEST_CASE("crm-server refuses to start without a JWT_SECRET of at least 32 bytes") {
  for (const std::string secret : {"", "too-short-secret"}) {
    CAPTURE(secret);
    TempDir dir;
    std::vector<std::pair<std::string, std::string>> env;
    if (!secret.empty()) env.emplace_back("JWT_SECRET", secret);
    ServerProcess process(
        ServerLaunch{CRM_SERVER_PATH,
                     {"--db", "sqlite:" + (dir.path() / "crm.db").string(), "--port", "0"},
                     env,
                     dir.path() / "server.log"});
    CHECK(process.wait_until_listening(10s) == std::nullopt);  // reads stdout until exit
    CHECK(process.wait_for_exit(10s) == 2);
    CHECK(process.stderr_text().find("JWT_SECRET") != std::string::npos);
    CHECK(process.stdout_text().empty());
  }
}

TEST_CASE("crm-server --help prints usage and exits 0; a bad flag exits 2") {
  TempDir dir;
  ServerProcess help(ServerLaunch{CRM_SERVER_PATH, {"--help"}, {}, dir.path() / "help.log"});
  CHECK(help.wait_until_listening(5s) == std::nullopt);  // drains stdout until exit
  CHECK(help.wait_for_exit(5s) == 0);
  CHECK(help.stdout_text().find("usage: crm-server") != std::string::npos);

  ServerProcess bad(ServerLaunch{
      CRM_SERVER_PATH, {"--port", "banana"}, {{"JWT_SECRET", kJwtSecret}}, dir.path() / "bad.log"});
  CHECK(bad.wait_for_exit(5s) == 2);
  CHECK(bad.stderr_text().find("--port") != std::string::npos);
}
