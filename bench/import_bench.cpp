// A 50,000-row Google Maps CSV through ImportService::import_leads_csv on a SQLite file:
// the dry run, the commit, and the same file again (every row matches and is merged or
// skipped). Target (docs/performance.md): the commit under 10 s.
//
// Usage: import_bench [--rows=N] [--batch=N] [--cache-mib=N] [--keep-db]
// --cache-mib sets PRAGMA cache_size on the writer connection (SQLite's default is 2 MiB), to
// measure what a larger page cache buys an import.
// The file is generated in memory: realistic rows (quoted names with commas, full addresses,
// ratings, review counts, Maps URLs, place ids), ~5 % of them repeating an earlier business,
// ~2 % with a platform website, ~1 % with a phone that does not parse. The database is a fresh
// temporary file, removed at exit unless --keep-db.

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

#include "crm/crm.hpp"

namespace {

using namespace crm;
using Stopwatch = std::chrono::steady_clock;

constexpr const char* kCategories[] = {"Restaurant", "Cafe",  "Bakery",
                                       "Diner",      "Pizza", "Taqueria"};
constexpr const char* kStreets[] = {"Main St", "Oak Ave", "Congress Ave", "Lamar Blvd", "6th St"};

std::string business(int i, std::mt19937& rng) {
  const std::string n = std::to_string(i);
  char phone[32];
  std::snprintf(phone, sizeof phone, "(%03d) 555-%04d", 200 + (i / 10000) % 700, i % 10000);
  const int zip = 78700 + i % 90;
  std::string website = "https://www.business" + n + ".com/";
  if (rng() % 50 == 0) website = "https://www.facebook.com/business" + n;
  std::string phone_text = phone;
  if (rng() % 100 == 0) phone_text = "n/a";
  const char* category = kCategories[i % 6];
  return "\"Business " + n + ", " + category + "\"," + phone_text + "," + website + ",\"" +
         std::to_string(100 + i % 900) + " " + kStreets[i % 5] + ", Austin, TX " +
         std::to_string(zip) + "\",Austin,TX," + std::to_string(zip) + "," +
         std::to_string(3 + i % 2) + "." + std::to_string(i % 10) + ",\"" +
         std::to_string(i % 3000) + "\"," + category + ",https://maps.google.com/?cid=" + n +
         ",ChIJbench" + n + "\r\n";
}

std::string generate(int rows) {
  std::mt19937 rng(42);
  std::string csv =
      "name,phone,website,full_address,city,state,postal_code,rating,reviews_count,category,"
      "google_maps_url,place_id\r\n";
  csv.reserve(static_cast<std::size_t>(rows) * 190);
  for (int i = 0; i < rows; ++i) {
    const bool repeat = i > 100 && rng() % 20 == 0;
    csv += business(repeat ? static_cast<int>(rng() % static_cast<unsigned>(i)) : i, rng);
  }
  return csv;
}

double seconds_since(Stopwatch::time_point start) {
  return std::chrono::duration<double>(Stopwatch::now() - start).count();
}

// CPU seconds of this process (all threads): on a shared machine the wall time also counts the
// time other programs held the cores.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

void print(const char* what, const ImportReport& r, double seconds, double cpu) {
  const auto& s = r.summary;
  std::printf(
      "%-8s wall %6.2f s (%6.0f rows/s)  cpu %6.2f s  created %zu merged %zu skipped %zu errors "
      "%zu\n",
      what, seconds, static_cast<double>(s.total) / seconds, cpu, s.created, s.merged, s.skipped,
      s.errors);
}

}  // namespace

int main(int argc, char** argv) {
  int rows = 50000;
  std::size_t batch = ImportService::kDefaultBatchRows;
  bool keep = false;
  int cache_mib = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with("--rows="))
      rows = std::atoi(argv[i] + 7);
    else if (arg.starts_with("--batch="))
      batch = static_cast<std::size_t>(std::atoi(argv[i] + 8));
    else if (arg.starts_with("--cache-mib="))
      cache_mib = std::atoi(argv[i] + 12);
    else if (arg == "--keep-db")
      keep = true;
    else {
      std::fprintf(stderr,
                   "usage: import_bench [--rows=N] [--batch=N] [--cache-mib=N] [--keep-db]\n");
      return 2;
    }
  }
  const auto path = std::filesystem::temp_directory_path() /
                    ("import_bench_" + std::to_string(::getpid()) + ".db");
  int status = 0;
  {
    EngineOptions options;
    options.jwt_secret = "import-bench-secret-0123456789abcdef";
    options.bcrypt_cost = 4;
    options.data_dir = std::filesystem::temp_directory_path().string();
    auto engine = Engine::open(storage::open_database("sqlite:" + path.string()), options);
    engine->imports().set_batch_rows(batch);
    if (cache_mib > 0)  // write transactions all run on the one writer connection
      engine->database().write([&](sql::Transaction& tx) {
        tx.exec_script("PRAGMA cache_size = -" + std::to_string(cache_mib * 1024));
      });
    const Actor admin =
        engine->auth()
            .setup_first_admin({"bench@example.com", "bench-password", "Bench", "Admin"})
            .user.actor();

    auto start = Stopwatch::now();
    const std::string csv = generate(rows);
    std::printf("generated %d rows, %.1f MiB, in %.2f s; batches of %zu rows\n", rows,
                static_cast<double>(csv.size()) / (1 << 20), seconds_since(start), batch);

    LeadImportOptions import;
    import.icp_tag = "icp-restaurant";
    import.dry_run = true;
    start = Stopwatch::now();
    double cpu = cpu_seconds();
    const ImportReport dry = engine->imports().import_leads_csv(admin, csv, import);
    print("dry run", dry, seconds_since(start), cpu_seconds() - cpu);

    import.dry_run = false;
    start = Stopwatch::now();
    cpu = cpu_seconds();
    const ImportReport commit = engine->imports().import_leads_csv(admin, csv, import);
    const double commit_seconds = seconds_since(start);
    print("commit", commit, commit_seconds, cpu_seconds() - cpu);

    start = Stopwatch::now();
    cpu = cpu_seconds();
    const ImportReport again = engine->imports().import_leads_csv(admin, csv, import);
    print("again", again, seconds_since(start), cpu_seconds() - cpu);

    const bool same = dry.summary.created == commit.summary.created &&
                      dry.summary.merged == commit.summary.merged &&
                      dry.summary.skipped == commit.summary.skipped &&
                      dry.summary.errors == commit.summary.errors;
    std::printf("dry run summary == commit summary: %s\n", same ? "yes" : "NO");
    std::printf("commit target < 10 s: %s\n", commit_seconds < 10 ? "met" : "MISSED");
    if (!same) status = 1;
  }
  if (keep) {
    std::printf("database kept at %s\n", path.c_str());
  } else {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path.string() + suffix, ec);
  }
  return status;
}
