// End-to-end on PostgreSQL: two crm-server processes on one database, as a team that outgrew
// one machine runs them. Needs CRM_TEST_POSTGRES_URL (a server whose user may create databases);
// without it the cases only say so.

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "server_process.hpp"
#include "support/http_client_test_util.hpp"

namespace {

using namespace std::chrono_literals;
using crm::test::HttpCall;
using crm::test::HttpClient;
using crm::test::ServerLaunch;
using crm::test::ServerProcess;
using crm::test::TempDir;

const std::string kJwtSecret = "e2e-secret-0123456789abcdef0123456789abcdef";

std::optional<std::string> server_url() {
  const char* url = std::getenv("CRM_TEST_POSTGRES_URL");
  if (!url || !*url) return std::nullopt;
  return std::string(url);
}

void exec_or_fail(const std::string& conninfo, const std::string& statement) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  REQUIRE_MESSAGE(PQstatus(conn) == CONNECTION_OK, PQerrorMessage(conn));
  PGresult* res = PQexec(conn, statement.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  const std::string error = PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  REQUIRE_MESSAGE(ok, error);
}

// A database made for one test on the CRM_TEST_POSTGRES_URL server, dropped afterwards.
struct ScratchDatabase {
  std::string admin_url;
  std::string name = "crm_e2e_" + std::to_string(::getpid());
  std::string url;

  explicit ScratchDatabase(std::string server) : admin_url(std::move(server)) {
    exec_or_fail(admin_url, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    exec_or_fail(admin_url, "CREATE DATABASE " + name);
    const auto slash = admin_url.find('/', admin_url.find("://") + 3);
    url = admin_url.substr(0, slash) + "/" + name;
  }
  ~ScratchDatabase() {
    PGconn* conn = PQconnectdb(admin_url.c_str());
    PQclear(PQexec(conn, ("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").c_str()));
    PQfinish(conn);
  }
};

struct PgServer {
  TempDir dir;
  std::unique_ptr<ServerProcess> process;
  int port = 0;

  explicit PgServer(const std::string& database_url) {
    ServerLaunch launch{CRM_SERVER_PATH,
                        {"--db", database_url, "--data-dir", (dir.path() / "data").string(),
                         "--port", "0", "--threads", "2"},
                        {{"JWT_SECRET", kJwtSecret}, {"BCRYPT_COST", "4"}},
                        dir.path() / "server.log"};
    process = std::make_unique<ServerProcess>(std::move(launch));
    auto bound = process->wait_until_listening(30s);
    INFO("server stderr:\n" << process->stderr_text());
    REQUIRE(bound.has_value());
    port = *bound;
  }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port) + path;
  }
};

crm::test::HttpResult send(const PgServer& s, const std::string& method, const std::string& path,
                           const std::string& token = "",
                           std::optional<std::string> body = std::nullopt) {
  HttpClient client;
  HttpCall call{method, s.url(path), {"Content-Type: application/json"}, std::move(body)};
  if (!token.empty()) call.headers.push_back("Authorization: Bearer " + token);
  return client.request(call);
}

std::string field(const std::string& body, const char* key) {
  return std::string(boost::json::parse(body).at(key).as_string());
}

}  // namespace

TEST_CASE("postgres e2e: two servers on one database share users, records and races") {
  const auto server = server_url();
  if (!server) {
    MESSAGE("CRM_TEST_POSTGRES_URL is not set: skipped");
    return;
  }
  ScratchDatabase db(*server);
  // Both start at once: the migrations run once (advisory lock), neither fails.
  std::unique_ptr<PgServer> a, b;
  std::thread start_b([&] { b = std::make_unique<PgServer>(db.url); });
  a = std::make_unique<PgServer>(db.url);
  start_b.join();
  REQUIRE(b);

  const std::string setup =
      R"({"email":"admin@example.com","password":"correct horse","firstName":"Ada"})";
  auto created = send(*a, "PUT", "/api/auth", "", setup);
  REQUIRE(created.status == 201);
  CHECK(send(*b, "PUT", "/api/auth", "", setup).status == 403);
  auto login = send(*b, "POST", "/api/auth", "",
                    R"({"email":"admin@example.com","password":"correct horse"})");
  REQUIRE(login.status == 200);
  const std::string token_a = field(created.body, "token");
  const std::string token_b = field(login.body, "token");

  // One email, eight clients, two servers: one contact.
  std::vector<std::thread> clients;
  std::atomic<int> ok{0}, conflict{0};
  for (int i = 0; i < 8; ++i)
    clients.emplace_back([&, i] {
      auto r = send(i % 2 ? *b : *a, "POST", "/api/contacts", i % 2 ? token_b : token_a,
                    R"({"email":"same@example.com","firstName":"P"})");
      if (r.status == 201) ++ok;
      if (r.status == 409) ++conflict;
    });
  for (auto& c : clients) c.join();
  CHECK(ok == 1);
  CHECK(conflict == 7);

  // What one server wrote, the other serves.
  auto company = send(*a, "POST", "/api/companies", token_a, R"({"name":"Shared Co"})");
  REQUIRE(company.status == 201);
  const std::string company_id =
      std::string(boost::json::parse(company.body).at("data").at("id").as_string());
  auto read_back = send(*b, "GET", "/api/companies/" + company_id, token_b);
  CHECK(read_back.status == 200);
}
