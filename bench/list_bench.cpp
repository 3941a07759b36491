// List endpoints at scale: CompanyService::list, LeadService::list, the activity feed, the
// pipeline board and the dashboard over a SQLite file holding N companies, N contacts, N leads,
// 1.5 N activities and N / 10 paid invoices (N = --rows, default 100,000).
//
// Usage: list_bench [--rows=N] [--keep-db] [--db=PATH] [--cache-mib=N] [--load-cache-mib=N]
//                   [google-benchmark flags]
// The database is seeded once per run (plain INSERTs through the engine's storage port in one
// storage::bulk_load, the recount checked after) into a temporary file that is removed at exit
// unless --keep-db (bench/list_rss.sh then measures the server's memory over it).
// --db=PATH runs the cases over a file an earlier --keep-db run seeded (no seeding; the file is
// kept): a 1M-row seed takes minutes, the cases seconds.
// --cache-mib sets PRAGMA cache_size on every reader connection (SQLite's default page cache
// is 2 MiB per connection), to measure what a larger cache would buy; --load-cache-mib the
// writer's page cache during the seed (storage::BulkLoadOptions::sqlite_cache_mib).

#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/lists/recount.hpp"
#include "core/runtime.hpp"
#include "crm/bulk_load.hpp"
#include "crm/crm.hpp"

namespace {

using namespace crm;

constexpr const char* kIndustries[] = {"Bakery", "Plumbing", "Salon",    "Auto Repair",
                                       "Dental", "Florist",  "Hardware", "Cafe"};
constexpr const char* kFirstNames[] = {"Ava", "Ben", "Cleo", "Dan", "Eve", "Finn", "Gus", "Hana"};

struct World {
  std::filesystem::path path;
  std::unique_ptr<Engine> engine;
  Actor admin;
  Actor rep;  // owns a quarter of the companies; another quarter is the shared pool
  int rows = 0;
  bool keep_db = false;
  bool reuse_db = false;  // --db: seeded by an earlier run
  int cache_mib = 0;      // 0: leave SQLite's default
  storage::BulkLoadOptions load;
};

void remove_db_files(const std::filesystem::path& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path.string() + suffix, ec);
}

// The process's CPU time (user + system) so far, in ms: the seed's share of a shared machine.
long long cpu_ms() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  const auto ms = [](const timeval& t) {
    return static_cast<long long>(t.tv_sec) * 1000 + t.tv_usec / 1000;
  };
  return ms(u.ru_utime) + ms(u.ru_stime);
}

long long ms_since(std::chrono::steady_clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               from)
      .count();
}

std::string padded(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06d", i);
  return buf;
}

void insert_user(sql::Transaction& tx, const std::string& id, const std::string& role, TimeMs now) {
  tx.query(
      "INSERT INTO users (id, email, password_hash, first_name, last_name, role, created_at, "
      "updated_at) "
      "VALUES (?, ?, 'x', ?, 'Bench', ?, ?, ?)",
      id, id + "@bench.example", id, role, now, now);
}

// The tables one lead's rows go to, in foreign-key order, each written in multi-row INSERTs of
// up to 512 rows (1,536 activities): 1M leads seeded in 80 s, against 104 s with 64 rows.
struct Tables {
  static constexpr std::size_t kLeadsPerFlush = 512;
  explicit Tables(sql::Connection& conn)
      : companies(conn, "companies",
                  {"id", "name", "phone", "phone_digits", "industry", "status", "assigned_rep_id",
                   "created_at", "updated_at"},
                  kLeadsPerFlush),
        contacts(
            conn, "contacts",
            {"id", "company_id", "first_name", "last_name", "full_name", "email",
             "email_normalized", "phone", "phone_e164", "phone_digits", "created_at", "updated_at"},
            kLeadsPerFlush),
        leads(conn, "leads",
              {"id", "contact_id", "company_id", "owner_id", "stage", "stage_changed_at", "source",
               "estimated_units", "estimated_revenue", "created_at", "updated_at", "scope",
               "in_pipeline"},
              kLeadsPerFlush),
        scores(conn, "lead_scores", {"lead_id", "fit", "engagement", "total", "updated_at"},
               kLeadsPerFlush),
        activities(
            conn, "activities",
            {"id", "type", "lead_id", "company_id", "user_id", "data", "created_at", "scope"},
            3 * kLeadsPerFlush),
        invoices(conn, "invoices",
                 {"id", "number", "company_id", "lead_id", "status", "subtotal", "total",
                  "amount_paid", "payment_token", "paid_at", "created_at", "updated_at"},
                 kLeadsPerFlush),
        payments(conn, "payments",
                 {"id", "invoice_id", "amount", "method", "received_at", "created_at"},
                 kLeadsPerFlush) {}
  // Parents before the rows that refer to them.
  void flush() {
    for (auto* t : {&companies, &contacts, &leads, &scores, &activities, &invoices, &payments})
      t->flush();
  }
  storage::BulkInsert companies, contacts, leads, scores, activities, invoices, payments;
};

// Company i: rep (i % 4): 0 -> rep-1, 1 -> rep-2, 2 -> rep-3, 3 -> pool. Every 10th is a
// CUSTOMER with one PAID invoice and its payment. One contact and one lead per company; the lead's
// stage, the industry and the contact's first name cycle independently of the rep. Every lead has a
// lead_scores row and half of the leads have three activities.
void seed_row(Tables& tables, int i, TimeMs base, TimeMs step) {
  static const char* reps[] = {"rep-1", "rep-2", "rep-3"};
  static constexpr const char* kStages[] = {
      "NEW_LEAD", "CONTACTED", "QUALIFIED", "PROPOSAL_SENT", "NEGOTIATING", "WON", "LOST", "BOGUS"};
  const std::string n = padded(i);
  const TimeMs t = base + static_cast<TimeMs>(i) * step;
  const std::string company = "co-" + n, contact = "ct-" + n, lead = "ld-" + n;
  const std::optional<std::string> rep =
      i % 4 == 3 ? std::nullopt : std::optional<std::string>(reps[i % 4]);
  const bool customer = i % 10 == 0;
  // The derived visibility columns, as the writer knows them (the load checks them all).
  const std::string scope = rep.value_or("");
  const std::string phone_digits = "1555" + n;
  tables.companies.add(company, std::string(kIndustries[(i / 3) % 8]) + " " + n + " LLC",
                       "+" + phone_digits, phone_digits, kIndustries[(i / 3) % 8],
                       customer ? "CUSTOMER" : "LEAD", rep, t, t);
  const std::string first = kFirstNames[(i / 5) % 8], last = "Owner" + n;
  const std::string email = "owner" + n + "@example" + std::to_string(i % 1000) + ".com";
  tables.contacts.add(contact, company, first, last, first + " " + last, email, email,
                      "+" + phone_digits, "+" + phone_digits, phone_digits, t, t);
  tables.leads.add(lead, contact, company, rep, kStages[(i / 4) % 8], t,
                   i % 3 == 0 ? "plusvibe" : "import", i % 20 + 1,
                   static_cast<Cents>(i % 50 + 1) * 10'000, t, t, scope, customer ? 0 : 1);
  tables.scores.add(lead, i % 50, i % 30, i % 50 + i % 30, t);
  if (i % 2 == 0) {
    static constexpr const char* kTypes[] = {"lead_created", "stage_changed",
                                             "positive_reply_received"};
    for (int k = 0; k < 3; ++k)
      tables.activities.add("ac-" + n + "-" + std::to_string(k), kTypes[k], lead, company, rep,
                            "{}", t + k * 1000, scope);
  }
  if (customer) {
    const Cents total = static_cast<Cents>(i % 97 + 1) * 25'000;
    tables.invoices.add("inv-" + n, "INV-BENCH-" + n, company, lead, "PAID", total, total, total,
                        "tok-" + n, t, t, t);
    tables.payments.add("pay-" + n, "inv-" + n, total, "CARD", t, t);
  }
}

// Rows go in through the engine's storage port in one storage::bulk_load, the engine's path for
// big imports: the rows are plain INSERTs, and the list counts, visibility scopes and search
// indexes are rebuilt from them by the engine before the load commits, so the counts the lists
// read are real (main() checks them with the recount of `crm doctor --recount`).
storage::BulkLoadTimes seed(World& w) {
  // Every row in the last 400 days, whatever their number: the data of a business that has
  // grown, not one that reaches into the future (payments "this month" scale with the rows).
  const TimeMs base = w.engine->clock().now_ms() - 400 * kDayMs;
  const TimeMs step = 400 * kDayMs / std::max(w.rows, 1);
  auto& db = w.engine->database();
  db.write([&](sql::Transaction& tx) {
    insert_user(tx, "admin", "ADMIN", base);
    for (const char* r : {"rep-1", "rep-2", "rep-3"}) insert_user(tx, r, "REP", base);
  });
  w.admin = {"admin", Role::kAdmin};
  w.rep = {"rep-1", Role::kRep};
  return storage::bulk_load(
      db,
      [&](sql::Transaction& tx) {
        Tables tables(tx.connection());
        for (int i = 0; i < w.rows; ++i) {
          seed_row(tables, i, base, step);
          if ((i + 1) % Tables::kLeadsPerFlush == 0) tables.flush();
        }
        tables.flush();
      },
      w.load);
}

World& world() {
  static World w;  // filled by main() before any benchmark runs
  return w;
}

// Holding one read transaction per pooled reader reaches every reader connection once.
void set_reader_cache(World& w, int readers) {
  std::vector<std::unique_ptr<sql::Transaction>> held;
  for (int i = 0; i < readers; ++i) {
    held.push_back(w.engine->runtime().db->read());
    held.back()->query("PRAGMA cache_size = -" + std::to_string(w.cache_mib * 1024));
  }
}

PageRequest first_page() { return PageRequest{1, 50}; }

void run_case(benchmark::State& state, const std::function<std::size_t()>& body) {
  std::size_t items = 0;
  for (auto _ : state) {
    items = body();
    benchmark::DoNotOptimize(items);
  }
  state.counters["items"] = static_cast<double>(items);
}

void register_cases() {
  World& w = world();
  struct Case {
    std::string name;
    std::function<std::size_t()> body;
  };
  auto companies = [&w](const Actor& actor, CompanyQuery q) {
    return [&w, actor, q] { return w.engine->companies().list(actor, q).items.size(); };
  };
  auto leads = [&w](const Actor& actor, LeadQuery q) {
    return [&w, actor, q] { return w.engine->leads().list(actor, q).items.size(); };
  };
  CompanyQuery c_page;
  c_page.page = first_page();
  CompanyQuery c_search = c_page;
  c_search.search = "bakery";  // 1 in 8 names
  CompanyQuery c_rare = c_page;
  c_rare.search = "077777";  // one name / phone: no early exit, the whole table is scanned
  // A hostile term: 1,600 characters whose trigrams are all in every phone.
  std::string long_term;
  for (int k = 0; k < 400; ++k) long_term += "1555";
  CompanyQuery c_long = c_page;
  c_long.search = long_term;
  CompanyQuery c_status = c_page;
  c_status.status = CompanyStatus::kCustomer;
  CompanyQuery c_deep = c_page;
  c_deep.page.page = 1000;

  LeadQuery l_page;
  l_page.page = first_page();
  LeadQuery l_search = l_page;
  l_search.search = "cleo";  // contact first name, 1 in 8
  LeadQuery l_rare = l_page;
  l_rare.search = "owner077777";
  LeadQuery l_long = l_page;
  l_long.search = long_term;
  LeadQuery l_stage = l_page;
  l_stage.stage = LeadStage::kQualified;
  LeadQuery l_deep = l_page;
  l_deep.page.page = 1000;

  ActivityQuery a_page;
  a_page.page = first_page();
  ActivityQuery a_company = a_page;
  a_company.company_id = "co-000000";

  std::vector<Case> cases = {
      {"CompanyList/admin/page1", companies(w.admin, c_page)},
      {"CompanyList/rep/page1", companies(w.rep, c_page)},
      {"CompanyList/admin/search_common", companies(w.admin, c_search)},
      {"CompanyList/rep/search_common", companies(w.rep, c_search)},
      {"CompanyList/admin/search_rare", companies(w.admin, c_rare)},
      {"CompanyList/rep/search_rare", companies(w.rep, c_rare)},
      {"CompanyList/admin/search_long", companies(w.admin, c_long)},
      {"CompanyList/admin/status_customer", companies(w.admin, c_status)},
      {"CompanyList/rep/status_customer", companies(w.rep, c_status)},
      {"CompanyList/admin/page1000", companies(w.admin, c_deep)},
      {"LeadList/admin/page1", leads(w.admin, l_page)},
      {"LeadList/rep/page1", leads(w.rep, l_page)},
      {"LeadList/admin/search_common", leads(w.admin, l_search)},
      {"LeadList/rep/search_common", leads(w.rep, l_search)},
      {"LeadList/admin/search_rare", leads(w.admin, l_rare)},
      {"LeadList/rep/search_rare", leads(w.rep, l_rare)},
      {"LeadList/admin/search_long", leads(w.admin, l_long)},
      {"LeadList/admin/stage_qualified", leads(w.admin, l_stage)},
      {"LeadList/rep/stage_qualified", leads(w.rep, l_stage)},
      {"LeadList/admin/page1000", leads(w.admin, l_deep)},
      {"ActivityList/admin/page1",
       [&w, a_page] { return w.engine->activities().list(w.admin, a_page).items.size(); }},
      {"ActivityList/rep/page1",
       [&w, a_page] { return w.engine->activities().list(w.rep, a_page).items.size(); }},
      {"ActivityList/rep/company",
       [&w, a_company] { return w.engine->activities().list(w.rep, a_company).items.size(); }},
      {"Pipeline/admin", [&w] { return w.engine->pipeline().pipeline(w.admin).stages.size(); }},
      {"Pipeline/rep", [&w] { return w.engine->pipeline().pipeline(w.rep).stages.size(); }},
      // The cache is cleared each iteration so the computation itself is timed.
      {"Dashboard/admin/uncached",
       [&w] {
         w.engine->runtime().dashboard_cache.invalidate();
         return w.engine->pipeline().dashboard(w.admin).pipeline.size();
       }},
      {"Dashboard/rep/uncached",
       [&w] {
         w.engine->runtime().dashboard_cache.invalidate();
         return w.engine->pipeline().dashboard(w.rep).pipeline.size();
       }},
      {"Dashboard/rep/cached",
       [&w] { return w.engine->pipeline().dashboard(w.rep).pipeline.size(); }},
  };
  for (auto& c : cases) {
    benchmark::RegisterBenchmark(c.name.c_str(), [body = c.body](benchmark::State& s) {
      run_case(s, body);
    })->Unit(benchmark::kMillisecond);
  }
}

}  // namespace

int main(int argc, char** argv) {
  World& w = world();
  w.rows = 100'000;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    std::string_view a(argv[i]);
    if (a.starts_with("--rows="))
      w.rows = std::atoi(argv[i] + 7);
    else if (a == "--keep-db")
      w.keep_db = true;
    else if (a.starts_with("--db=")) {
      w.path = std::string(a.substr(5));
      w.reuse_db = w.keep_db = true;
    } else if (a.starts_with("--load-cache-mib="))
      w.load.sqlite_cache_mib = std::atoi(argv[i] + 17);
    else if (a.starts_with("--cache-mib="))
      w.cache_mib = std::atoi(argv[i] + 12);
    else
      args.push_back(argv[i]);
  }
  int bench_argc = static_cast<int>(args.size());
  // Flags first: --help and bad flags end the run before anything is seeded.
  benchmark::Initialize(&bench_argc, args.data());

  if (!w.reuse_db) {
    w.path = std::filesystem::temp_directory_path() /
             ("crm_list_bench_" + std::to_string(::getpid()) + ".db");
    remove_db_files(w.path);
  }
  EngineOptions options;
  options.jwt_secret = "list-bench-secret-0123456789abcdef0123456789";
  options.bcrypt_cost = 4;
  w.engine = Engine::open(storage::open_database("sqlite:" + w.path.string()), options);
  const auto started = std::chrono::steady_clock::now();
  const long long cpu_started = cpu_ms();
  if (w.reuse_db) {
    w.admin = {"admin", Role::kAdmin};
    w.rep = {"rep-1", Role::kRep};
    std::fprintf(stderr, "cases over the seeded database %s\n", w.path.c_str());
  } else {
    const auto times = seed(w);
    const long long total_ms = ms_since(started);
    // The rest is mostly the commit (the WAL written and checkpointed into the file).
    std::fprintf(stderr,
                 "seeded %d companies/contacts/leads into %s in %lld ms, CPU %lld ms (rows %lld "
                 "ms, counts, scopes and search indexes %lld ms, commit and the rest %lld ms)\n",
                 w.rows, w.path.c_str(), total_ms, cpu_ms() - cpu_started,
                 static_cast<long long>(times.rows_ms),
                 static_cast<long long>(times.maintenance_ms),
                 total_ms - times.rows_ms - times.maintenance_ms);
  }
  const auto recount_started = std::chrono::steady_clock::now();
  const auto report = lists::recount(w.engine->database());
  std::fprintf(stderr,
               "recount: %s (%zu count differences, %lld stale lead scopes, %lld stale "
               "activity scopes) in %lld ms\n",
               report.clean() ? "clean" : "NOT CLEAN", report.counts.size(),
               static_cast<long long>(report.stale_lead_scopes),
               static_cast<long long>(report.stale_activity_scopes),
               static_cast<long long>(ms_since(recount_started)));
  if (!report.clean()) return 1;

  if (w.cache_mib > 0) set_reader_cache(w, storage::StorageOptions{}.sqlite_readers);

  register_cases();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  w.engine.reset();
  if (!w.keep_db) remove_db_files(w.path);
  return 0;
}
