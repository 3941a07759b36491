// request_bench: crm-server's request path without the socket, one request at a time, with a
// counting allocator. Each request goes the way the server takes it once Beast has parsed it:
// to_rest_request, rest::Api::handle, to_beast_response, and the response serialized into a
// buffer. It reports, per target, microseconds per request (wall and this thread's CPU), heap
// allocations per request (and those of 4 KiB or more)
// (every malloc of the process: the C++ ones, SQLite's and libc's) and SQLite statements run
// and prepared per request (prepared must be 0 once warm: statements are cached per
// connection).
//
// usage: request_bench [--leads=N] [--requests=N] [--only=SUBSTRING] [--keep-db]
//   --leads     leads seeded as load.sh seeds them (default 200): company, contact, lead and
//               score through POST /api/import, two active tags and two open tasks per lead
//   --requests  requests timed per target (default 2000; the lead page: a tenth)
//   --only      run only the targets whose label contains SUBSTRING
//
// The database is a temporary SQLite file (WAL), removed at exit unless --keep-db. Run it under
// `perf record -g` to see where a target's time goes without wrk and the kernel's TCP path.

#include <malloc.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include "adapters/rest/api.hpp"
#include "adapters/sqlite/sqlite_database.hpp"
#include "crm/crm.hpp"
#include "server/message_mapping.hpp"

// ---- the counting allocator: every malloc of the process, through glibc's own ----
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {
std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::uint64_t> g_bytes{0};
// Allocations of 4 KiB or more: few, but most of the bytes (page caches, sorters, bodies).
std::atomic<std::uint64_t> g_large{0};
void counted(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_bytes.fetch_add(n, std::memory_order_relaxed);
  if (n >= 4096) {
    g_large.fetch_add(1, std::memory_order_relaxed);
  }
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
  counted(n);
  return __libc_malloc(n);
}
void* calloc(std::size_t count, std::size_t n) {
  counted(count * n);
  return __libc_calloc(count, n);
}
void* realloc(void* p, std::size_t n) {
  counted(n);
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
void* memalign(std::size_t alignment, std::size_t n) {
  counted(n);
  return __libc_memalign(alignment, n);
}
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  counted(n);
  return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  counted(n);
  void* p = __libc_memalign(alignment, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
}

namespace {

namespace http = boost::beast::http;
using namespace crm;
using Stopwatch = std::chrono::steady_clock;

std::atomic<std::uint64_t> g_statements{0};
std::atomic<std::uint64_t> g_prepared{0};

struct Args {
  int leads = 200;
  int requests = 2000;
  std::string only;
  bool keep_db = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--leads="))
      a.leads = std::atoi(argv[i] + 8);
    else if (arg.starts_with("--requests="))
      a.requests = std::atoi(argv[i] + 11);
    else if (arg.starts_with("--only="))
      a.only = std::string(arg.substr(7));
    else if (arg == "--keep-db")
      a.keep_db = true;
    else {
      std::fprintf(stderr,
                   "usage: request_bench [--leads=N] [--requests=N] [--only=SUBSTRING] "
                   "[--keep-db]\n");
      std::exit(2);
    }
  }
  return a;
}

rest::Response call(const rest::Api& api, const std::string& method, const std::string& target,
                    const std::string& token, const std::string& body = "") {
  rest::Request req;
  req.method = method;
  req.target = target;
  req.remote_addr = "127.0.0.1";
  req.body = body;
  req.headers.emplace_back("Content-Type", "application/json");
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  return api.handle(req);
}

std::string field(const std::string& json, const std::string& name) {
  const std::string key = "\"" + name + "\":\"";
  const auto at = json.find(key);
  if (at == std::string::npos) return {};
  const auto start = at + key.size();
  return json.substr(start, json.find('"', start) - start);
}

// The data load.sh seeds: LEADS rows through the import, tags and tasks written directly.
std::string seed(Engine& engine, const rest::Api& api, int leads) {
  const auto setup = call(api, "PUT", "/api/auth", "",
                          R"({"email":"bench@example.com","password":"bench-password",)"
                          R"("firstName":"Bench"})");
  const std::string token = field(setup.body, "token");
  if (token.empty()) {
    std::fprintf(stderr, "request_bench: PUT /api/auth: %s\n", setup.body.c_str());
    std::exit(1);
  }
  std::string body = R"({"contacts":[)";
  for (int i = 1; i <= leads; ++i) {
    char row[512];
    std::snprintf(
        row, sizeof row,
        R"(%s{"firstName":"First%d","lastName":"Last%d","email":"person%d@example%d.com",)"
        R"("phone":"+1212555%04d","company":"Business %d LLC",)"
        R"("website":"https://example%d.com","city":"Springfield","state":"IL",)"
        R"("title":"Owner"})",
        i > 1 ? "," : "", i, i, i, i, i, i, i);
    body += row;
  }
  body += "]}";
  const auto imported = call(api, "POST", "/api/import", token, body);
  if (imported.status != 200 && imported.status != 201) {
    std::fprintf(stderr, "request_bench: POST /api/import: %d %s\n", imported.status,
                 imported.body.substr(0, 300).c_str());
    std::exit(1);
  }
  engine.database().write([&](sql::Transaction& tx) {
    const auto ids = tx.query("SELECT id, company_id, created_at FROM leads");
    int n = 0;
    for (const auto& r : ids.rows) {
      const std::string lead = r.text("id");
      const std::int64_t created = r.integer("created_at");
      for (const char* tag : {"systag-icp-restaurant", "systag-spoke-callback"}) {
        ++n;
        tx.query("INSERT INTO lead_tags (id, lead_id, tag_id, applied_at) VALUES (?, ?, ?, ?)",
                 "lt" + std::to_string(n), lead, std::string(tag), created + n);
      }
      for (int k = 1; k <= 2; ++k)
        tx.query(
            "INSERT INTO tasks (id, lead_id, company_id, title, due_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            "task" + std::to_string(n++), lead, r.opt_text("company_id"),
            "Call back " + std::to_string(k), created + k * kDayMs, created, created);
    }
  });
  return token;
}

// The wire bytes of a response, as the session's async_write would send them.
std::size_t serialize(server::BeastResponse& response, std::string& out) {
  out.clear();
  http::serializer<false, http::string_body> sr{response};
  boost::beast::error_code ec;
  do {
    sr.next(ec, [&](boost::beast::error_code&, const auto& buffers) {
      const std::size_t n = boost::beast::buffer_bytes(buffers);
      for (auto b : boost::beast::buffers_range_ref(buffers))
        out.append(static_cast<const char*>(b.data()), b.size());
      sr.consume(n);
    });
  } while (!ec && !sr.is_done());
  return out.size();
}

// CPU time of the calling thread: unlike wall time, not inflated by other work on a shared
// machine (the figure to compare between builds).
double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

struct Target {
  std::string label;
  std::string path;
  bool authenticated;
  int divisor;  // fewer requests for expensive targets
};

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  const auto dir =
      std::filesystem::temp_directory_path() / ("crm-request-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "crm.db").string();

  sqlite::SqliteOptions storage;
  storage.path = path;
  storage.on_statement = [](std::string_view, bool prepared) {
    g_statements.fetch_add(1, std::memory_order_relaxed);
    if (prepared) g_prepared.fetch_add(1, std::memory_order_relaxed);
  };
  EngineOptions options;
  options.jwt_secret = "request-bench-secret-0123456789abcdef";
  options.bcrypt_cost = 4;
  options.data_dir = (dir / "data").string();
  auto engine = Engine::open(sqlite::open_database(storage), options);
  const rest::Api api(*engine);
  const std::string token = seed(*engine, api, args.leads);

  const std::vector<Target> targets = {
      {"GET /api/health", "/api/health", false, 1},
      {"GET /api/users/me", "/api/users/me", true, 1},
      {"GET /api/leads?limit=50", "/api/leads?limit=50", true, 10},
  };
  std::printf("%d leads seeded; database %s\n", args.leads, path.c_str());
  std::printf("%-26s %10s %10s %10s %12s %12s %10s %10s %10s\n", "target", "us/req", "cpu us/req",
              "allocs/req", "bytes/req", ">=4KiB/req", "stmts/req", "prep/req", "resp bytes");
  std::string wire;
  for (const auto& t : targets) {
    if (!args.only.empty() && t.label.find(args.only) == std::string::npos) continue;
    // As the parser hands it over: a Beast request with wrk's headers.
    const auto make_request = [&] {
      server::BeastRequest req{http::verb::get, t.path, 11};
      req.set(http::field::host, "127.0.0.1:3000");
      if (t.authenticated) req.set(http::field::authorization, "Bearer " + token);
      return req;
    };
    const auto one = [&] {
      auto req = make_request();
      rest::Request rest_req = server::to_rest_request(req, "127.0.0.1");
      // As Session::dispatch_request: on the I/O thread when the API can, else on a worker.
      auto now = api.handle_now(rest_req);
      rest::Response res = now ? std::move(*now) : api.handle(rest_req);
      if (res.status != 200) {
        std::fprintf(stderr, "request_bench: %s answered %d: %s\n", t.label.c_str(), res.status,
                     res.body.c_str());
        std::exit(1);
      }
      auto beast_res = server::to_beast_response(std::move(res), 11, true, false);
      return serialize(beast_res, wire);
    };
    const int n = std::max(1, args.requests / t.divisor);
    for (int i = 0; i < std::max(10, n / 10); ++i) one();  // warm caches and statements
    const std::uint64_t a0 = g_allocations.load(), b0 = g_bytes.load(), l0 = g_large.load();
    const std::uint64_t s0 = g_statements.load(), p0 = g_prepared.load();
    std::size_t bytes = 0;
    const auto start = Stopwatch::now();
    const double cpu0 = thread_cpu_us();
    for (int i = 0; i < n; ++i) bytes = one();
    const double cpu = thread_cpu_us() - cpu0;
    const double us = std::chrono::duration<double, std::micro>(Stopwatch::now() - start).count();
    const double per = static_cast<double>(n);
    std::printf("%-26s %10.1f %10.1f %10.1f %12.0f %12.1f %10.2f %10.2f %10zu\n", t.label.c_str(),
                us / per, cpu / per, static_cast<double>(g_allocations.load() - a0) / per,
                static_cast<double>(g_bytes.load() - b0) / per,
                static_cast<double>(g_large.load() - l0) / per,
                static_cast<double>(g_statements.load() - s0) / per,
                static_cast<double>(g_prepared.load() - p0) / per, bytes);
  }
  engine.reset();
  if (!args.keep_db) std::filesystem::remove_all(dir);
  return 0;
}
