// Unit tests of crm-server's flag and environment parsing (apps/server/server_options.cpp).

#include <map>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "server/server_options.hpp"

namespace {

using crm::server::parse_server_options;
using crm::server::ParseResult;

const std::string kSecret(32, 's');

ParseResult parse(std::vector<const char*> args,
                  std::map<std::string, std::string> env = {{"JWT_SECRET", kSecret}}) {
  args.insert(args.begin(), "crm-server");
  auto getter = [env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  return parse_server_options(static_cast<int>(args.size()), args.data(), getter, 8);
}

}  // namespace

TEST_CASE("defaults") {
  auto result = parse({});
  REQUIRE(result.options);
  CHECK(result.options->database_url == "sqlite:data/crm.db");
  CHECK(result.options->host == "127.0.0.1");
  CHECK(result.options->port == 3000);
  CHECK(result.options->data_dir == "data");
  CHECK(result.options->threads == 2);   // I/O threads
  CHECK(result.options->workers == 32);  // 4 x cores
  CHECK(result.options->max_connections == 10'000);
  CHECK(result.options->max_inflight_body_bytes == 256u << 20);
  CHECK(result.options->jwt_secret == kSecret);
  CHECK_FALSE(result.options->bcrypt_cost);
}

TEST_CASE("flags, in both spellings, override the environment") {
  auto result =
      parse({"--db", "sqlite:/tmp/x.db", "--host=0.0.0.0", "--port", "0", "--data-dir=/srv/files",
             "--threads", "3", "--public-base-url", "https://crm.example.com"},
            {{"JWT_SECRET", kSecret},
             {"CRM_DATABASE_URL", "postgres://db/crm"},
             {"HOST", "10.0.0.1"},
             {"PORT", "8080"},
             {"PUBLIC_BASE_URL", "http://other"}});
  REQUIRE(result.options);
  CHECK(result.options->database_url == "sqlite:/tmp/x.db");
  CHECK(result.options->host == "0.0.0.0");
  CHECK(result.options->port == 0);
  CHECK(result.options->data_dir == "/srv/files");
  CHECK(result.options->threads == 3);
  CHECK(result.options->public_base_url == "https://crm.example.com");
}

TEST_CASE("I/O threads, workers, connection cap and body budget") {
  auto result = parse({"--threads", "1", "--workers=3", "--max-connections", "50",
                       "--max-inflight-body-bytes", "2M"});
  REQUIRE(result.options);
  CHECK(result.options->threads == 1);
  CHECK(result.options->workers == 3);
  CHECK(result.options->max_connections == 50);
  CHECK(result.options->max_inflight_body_bytes == 2u << 20);
  CHECK(parse({"--max-inflight-body-bytes=1048576"}).options->max_inflight_body_bytes == 1u << 20);
  CHECK(parse({"--max-inflight-body-bytes=1g"}).options->max_inflight_body_bytes == 1u << 30);
  CHECK(parse({"--max-inflight-body-bytes=2048k"}).options->max_inflight_body_bytes == 2u << 20);

  // One core: one I/O thread, four workers.
  std::vector<const char*> argv{"crm-server"};
  auto one_core = parse_server_options(
      1, argv.data(),
      [](std::string_view name) {
        return name == "JWT_SECRET" ? std::optional<std::string>(kSecret) : std::nullopt;
      },
      1);
  REQUIRE(one_core.options);
  CHECK(one_core.options->threads == 1);
  CHECK(one_core.options->workers == 4);
}

TEST_CASE("environment fallbacks") {
  auto result = parse({}, {{"JWT_SECRET", kSecret},
                           {"CRM_DATABASE_URL", "postgres://db/crm"},
                           {"HOST", "::"},
                           {"PORT", "8080"},
                           {"PUBLIC_BASE_URL", "https://crm.example.com"},
                           {"ENCRYPTION_KEY", "k"},
                           {"BCRYPT_COST", "4"}});
  REQUIRE(result.options);
  CHECK(result.options->database_url == "postgres://db/crm");
  CHECK(result.options->host == "::");
  CHECK(result.options->port == 8080);
  CHECK(result.options->public_base_url == "https://crm.example.com");
  CHECK(result.options->encryption_key == "k");
  CHECK(result.options->bcrypt_cost == 4);
}

TEST_CASE("--help") {
  auto result = parse({"--port", "1", "--help"}, {});
  CHECK_FALSE(result.options);
  CHECK(result.exit_code == 0);
  CHECK(result.message.find("usage: crm-server") != std::string::npos);
}

TEST_CASE("errors exit 2 with a message naming the problem") {
  struct Case {
    std::vector<const char*> args;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {{"--port", "70000"}, "--port"},
      {{"--port", "12ab"}, "--port"},
      {{"--port"}, "missing value"},
      {{"--threads", "0"}, "--threads"},
      {{"--bogus"}, "unknown option"},
      {{"--help=1"}, "unknown option"},
      {{"positional"}, "unknown option"},
      {{"--db="}, "--db"},
      {{"--workers", "0"}, "--workers"},
      {{"--max-connections", "0"}, "--max-connections"},
      {{"--max-inflight-body-bytes", "1000"}, "--max-inflight-body-bytes"},
      {{"--max-inflight-body-bytes", "5X"}, "--max-inflight-body-bytes"},
      {{"--max-inflight-body-bytes", "M"}, "--max-inflight-body-bytes"},
      {{"--max-inflight-body-bytes", "99999999999G"}, "--max-inflight-body-bytes"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.mentions);
    auto result = parse(c.args);
    CHECK_FALSE(result.options);
    CHECK(result.exit_code == 2);
    CHECK(result.message.find(c.mentions) != std::string::npos);
  }
}

TEST_CASE("JWT_SECRET is required and at least 32 bytes; BCRYPT_COST is checked") {
  CHECK(parse({}, {}).exit_code == 2);
  CHECK(parse({}, {}).message.find("JWT_SECRET") != std::string::npos);
  CHECK_FALSE(parse({}, {{"JWT_SECRET", std::string(31, 's')}}).options);
  CHECK(parse({}, {{"JWT_SECRET", kSecret}, {"PORT", "x"}}).exit_code == 2);
  CHECK(parse({}, {{"JWT_SECRET", kSecret}, {"BCRYPT_COST", "3"}}).exit_code == 2);
  CHECK(parse({}, {{"JWT_SECRET", kSecret}, {"BCRYPT_COST", "32"}}).exit_code == 2);
}

TEST_CASE("--worker-threads: background job threads, 0 disables, default 1") {
  CHECK(parse({}).options->worker_threads == 1);
  CHECK(parse({"--worker-threads", "0"}).options->worker_threads == 0);
  CHECK(parse({"--worker-threads=4"}).options->worker_threads == 4);
  for (const char* bad : {"-1", "x", "257", ""}) {
    CAPTURE(bad);
    const auto result = parse({"--worker-threads", bad});
    CHECK(result.exit_code == 2);
    CHECK(result.message.find("--worker-threads") != std::string::npos);
  }
  CHECK(parse({"--help"}).message.find("--worker-threads") != std::string::npos);
}

TEST_CASE("TRUSTED_PROXIES: comma-separated, blanks ignored") {
  auto result = parse({}, {{"JWT_SECRET", kSecret}, {"TRUSTED_PROXIES", " 10.0.0.1, ,::1 "}});
  REQUIRE(result.options);
  CHECK(result.options->trusted_proxies == std::vector<std::string>{"10.0.0.1", "::1"});
  CHECK(parse({}, {{"JWT_SECRET", kSecret}}).options->trusted_proxies.empty());
}
