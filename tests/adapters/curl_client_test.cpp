// The libcurl HttpClient (adapters/curl) against the loopback fake provider.
#include <doctest/doctest.h>
#include <zlib.h>

#include <thread>

#include "adapters/curl/curl_client.hpp"
#include "crm/error.hpp"
#include "support/fake_provider.hpp"

using namespace crm;
using namespace crm::test;
using namespace std::chrono_literals;

namespace {

std::string gzip(std::string_view text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(text.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

http::Request get(const std::string& url) {
  http::Request r;
  r.url = url;
  return r;
}

std::string upstream_message(http::Client& client, const http::Request& request) {
  try {
    client.send(request);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kUpstream);
    return e.what();
  }
  FAIL("expected kUpstream");
  return "";
}

}  // namespace

TEST_CASE("curl client: sends method, headers and body; returns status, headers and body") {
  FakeProvider fake;
  fake.on("POST", "/v1/things", {201, R"({"ok":true})", {{"X-Trace", "abc"}}});
  auto client = curl::make_client();
  http::Request req = get(fake.base_url() + "/v1/things?a=1&b=x%20y");
  req.method = "POST";
  req.headers = {{"X-Key", "secret"}, {"Content-Type", "application/json"}};
  req.body = R"({"hello":"world"})";
  const http::Response res = client->send(req);
  CHECK(res.status == 201);
  CHECK(res.body == R"({"ok":true})");
  CHECK(res.header("x-trace") == "abc");
  CHECK(res.ok());

  const auto seen = fake.last_request();
  CHECK(seen.method == "POST");
  CHECK(seen.path == "/v1/things");
  CHECK(seen.query_param("b") == "x y");
  CHECK(seen.header("X-Key") == "secret");
  CHECK(seen.body == R"({"hello":"world"})");
  CHECK_FALSE(seen.header("Expect"));     // no 100-continue round trip
  CHECK(seen.header("Accept-Encoding"));  // compressed answers are welcome
}

TEST_CASE("curl client: large bodies arrive whole") {
  FakeProvider fake;
  fake.on("PUT", "/big", {200, "{}"});
  auto client = curl::make_client();
  http::Request req = get(fake.base_url() + "/big");
  req.method = "PUT";
  req.body = std::string(300000, 'x');
  CHECK(client->send(req).status == 200);
  CHECK(fake.last_request().body.size() == 300000);
}

TEST_CASE("curl client: error statuses are responses, not exceptions") {
  FakeProvider fake;
  fake.on("GET", "/missing", {404, R"({"error":"nope"})"});
  auto client = curl::make_client();
  const auto res = client->send(get(fake.base_url() + "/missing"));
  CHECK(res.status == 404);
  CHECK_FALSE(res.ok());
  CHECK(res.body == R"({"error":"nope"})");
}

TEST_CASE("curl client: connections are reused between calls") {
  FakeProvider fake;
  fake.on("GET", "/ping", {200, "{}"});
  auto client = curl::make_client();
  for (int i = 0; i < 5; ++i) CHECK(client->send(get(fake.base_url() + "/ping")).status == 200);
  CHECK(fake.request_count() == 5);
  CHECK(fake.connections_accepted() == 1);
}

TEST_CASE("curl client: one client serves several threads") {
  FakeProvider fake;
  fake.on("GET", "/ping", {200, "{}", {}, 20ms});
  auto client = curl::make_client();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 3; ++i)
        if (client->send(get(fake.base_url() + "/ping")).status == 200) ++ok;
    });
  for (auto& t : threads) t.join();
  CHECK(ok == 12);
}

TEST_CASE("curl client: gzip answers are decompressed") {
  FakeProvider fake;
  const std::string text = R"({"message":")" + std::string(2000, 'z') + "\"}";
  fake.on("GET", "/zipped", {200, gzip(text), {{"Content-Encoding", "gzip"}}});
  auto client = curl::make_client();
  CHECK(client->send(get(fake.base_url() + "/zipped")).body == text);
}

TEST_CASE("curl client: a slow provider times out with a message naming the host") {
  FakeProvider fake;
  fake.on("GET", "/slow", {200, "{}", {}, 2000ms});
  auto client = curl::make_client();
  http::Request req = get(fake.base_url() + "/slow?api_key=secret");
  req.timeout = 150ms;
  const std::string message = upstream_message(*client, req);
  CHECK(message == "127.0.0.1:" + std::to_string(fake.port()) + ": timed out after 150 ms");
  CHECK(message.find("secret") == std::string::npos);
}

TEST_CASE("curl client: the default total timeout applies") {
  FakeProvider fake;
  fake.on("GET", "/slow", {200, "{}", {}, 2000ms});
  curl::CurlOptions options;
  options.total_timeout = 100ms;
  auto client = curl::make_client(options);
  CHECK(upstream_message(*client, get(fake.base_url() + "/slow"))
            .ends_with("timed out after 100 ms"));
}

TEST_CASE("curl client: responses over the size cap fail") {
  FakeProvider fake;
  fake.on("GET", "/huge", {200, std::string(5000, 'a')});
  curl::CurlOptions options;
  options.max_response_bytes = 1000;
  auto client = curl::make_client(options);
  CHECK(upstream_message(*client, get(fake.base_url() + "/huge"))
            .ends_with("response larger than 1000 bytes"));
}

TEST_CASE("curl client: dropped connections, garbage and refused connections fail") {
  FakeProvider fake;
  fake.on("GET", "/drop", {200, "", {}, {}, CannedResponse::Fault::kCloseWithoutResponse});
  fake.on("GET", "/garbage", {200, "", {}, {}, CannedResponse::Fault::kGarbage});
  auto client = curl::make_client();
  CHECK(upstream_message(*client, get(fake.base_url() + "/drop")).starts_with("127.0.0.1:"));
  CHECK(upstream_message(*client, get(fake.base_url() + "/garbage")).starts_with("127.0.0.1:"));

  int closed_port;
  {
    FakeProvider gone;
    closed_port = gone.port();
  }
  CHECK(upstream_message(*client, get("http://127.0.0.1:" + std::to_string(closed_port) + "/x")) ==
        "127.0.0.1:" + std::to_string(closed_port) + ": could not connect");
}

TEST_CASE("curl client: only http and https URLs are fetched") {
  auto client = curl::make_client();
  CHECK(upstream_message(*client, get("file:///etc/passwd")).ends_with("unsupported URL scheme"));
  CHECK(upstream_message(*client, get("gopher://127.0.0.1/")).ends_with("unsupported URL scheme"));
}

TEST_CASE("curl client: redirects are followed only when asked") {
  FakeProvider fake;
  fake.on("GET", "/from", {302, "", {{"Location", fake.base_url() + "/to"}}});
  fake.on("GET", "/to", {200, "arrived", {{"Content-Type", "text/plain"}}});
  auto client = curl::make_client();
  CHECK(client->send(get(fake.base_url() + "/from")).status == 302);
  http::Request follow = get(fake.base_url() + "/from");
  follow.follow_redirects = true;
  const auto res = client->send(follow);
  CHECK(res.status == 200);
  CHECK(res.body == "arrived");
  CHECK(res.header("content-type") == "text/plain");
}

TEST_CASE("curl client: a proxy is taken from http_proxy, and no_proxy is honoured") {
  FakeProvider proxy;
  proxy.on("GET", "http://provider.invalid/v1/ping", {200, R"({"via":"proxy"})"});
  FakeProvider direct;
  direct.on("GET", "/v1/ping", {200, R"({"via":"direct"})"});
  ::setenv("http_proxy", proxy.base_url().c_str(), 1);
  ::setenv("no_proxy", "", 1);
  auto client = curl::make_client();
  const auto via_proxy = client->send(get("http://provider.invalid/v1/ping"));
  ::setenv("no_proxy", "127.0.0.1", 1);
  const auto not_via_proxy = client->send(get(direct.base_url() + "/v1/ping"));
  ::unsetenv("http_proxy");
  ::unsetenv("no_proxy");
  CHECK(via_proxy.body == R"({"via":"proxy"})");
  CHECK(proxy.last_request().target == "http://provider.invalid/v1/ping");  // absolute form
  CHECK(not_via_proxy.body == R"({"via":"direct"})");
  CHECK(proxy.request_count() == 1);
}
