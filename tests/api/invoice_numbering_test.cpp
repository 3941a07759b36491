// Invoice numbers under concurrency (DOMAIN.md §11, §18): creates racing in threads of one
// engine and across two engines on one database (two server processes) get INV-YYYY-0001..N,
// each exactly once: no collision, no gap.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "core/invoices/invoice_number.hpp"
#include "core/runtime.hpp"
#include "crm/crm.hpp"
#include "support/api_fixture.hpp"
#include "support/test_database.hpp"

using namespace crm;
using namespace crm::test;

namespace {

constexpr int kThreads = 4;
constexpr int kPerThread = 12;

std::unique_ptr<Engine> open_engine(const std::string& url) {
  EngineOptions options;
  options.jwt_secret = kJwtSecret;
  options.bcrypt_cost = 4;
  options.clock = std::make_shared<FakeClock>(kStartTime);
  return Engine::open(storage::open_database(url), options);
}

// An admin and a company, written straight into the database.
Actor seed(Engine& engine) {
  engine.database().write([](sql::Transaction& tx) {
    tx.query(
        "INSERT INTO users (id, email, password_hash, role, created_at, updated_at) VALUES "
        "('u-admin', 'admin@example.com', 'x', 'ADMIN', 0, 0)");
    tx.query(
        "INSERT INTO companies (id, name, created_at, updated_at) VALUES ('c-1', 'Acme', 0, 0)");
  });
  return {"u-admin", Role::kAdmin};
}

NewInvoice one_line() {
  NewInvoice in;
  in.company_id = "c-1";
  in.line_items.push_back({"Terminal", kQuantityScale, 1000, std::nullopt});
  return in;
}

// Runs kThreads threads, thread t creating kPerThread invoices on engines[t % engines.size()].
std::vector<std::string> race(const std::vector<Engine*>& engines, const Actor& actor) {
  std::vector<std::vector<std::string>> numbers(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      Engine& engine = *engines[t % engines.size()];
      try {
        for (int k = 0; k < kPerThread; ++k)
          numbers[t].push_back(engine.invoices().create(actor, one_line()).number);
      } catch (const std::exception& e) {
        errors[t] = e.what();
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& e : errors) CHECK_MESSAGE(e.empty(), e);
  std::vector<std::string> all;
  for (const auto& n : numbers) all.insert(all.end(), n.begin(), n.end());
  return all;
}

void check_dense(const std::vector<std::string>& numbers, Engine& engine) {
  REQUIRE(numbers.size() == static_cast<std::size_t>(kThreads * kPerThread));
  std::set<std::string> distinct(numbers.begin(), numbers.end());
  CHECK(distinct.size() == numbers.size());
  std::set<std::string> expected;
  for (int k = 1; k <= kThreads * kPerThread; ++k) expected.insert(invoice_number::format(2026, k));
  CHECK(distinct == expected);
  auto tx = engine.database().read();
  CHECK(tx->query("SELECT COUNT(DISTINCT number) AS n FROM invoices").first().integer("n") ==
        kThreads * kPerThread);
  CHECK(tx->query("SELECT value FROM counters WHERE name = 'invoice_number:2026'")
            .first()
            .integer("value") == kThreads * kPerThread);
}

}  // namespace

TEST_CASE("invoice numbering: concurrent creates in threads of one engine") {
  auto engine = open_engine(fresh_shared_database_url());
  const Actor admin = seed(*engine);
  check_dense(race({engine.get()}, admin), *engine);
}

TEST_CASE("invoice numbering: concurrent creates on two engines sharing one database") {
  const std::string url = fresh_shared_database_url();
  auto a = open_engine(url);
  auto b = open_engine(url);  // a second "server": runs no migration twice, shares the counter
  const Actor admin = seed(*a);
  check_dense(race({a.get(), b.get()}, admin), *a);
}

TEST_CASE("invoice numbering: each year has its own sequence") {
  ApiFixture f;
  f.admin_token();
  f.sql("INSERT INTO companies (id, name, created_at, updated_at) VALUES ('c-1', 'Acme', 0, 0)");
  const Actor admin{f.admin_id(), Role::kAdmin};
  CHECK(f.engine->invoices().create(admin, one_line()).number == "INV-2026-0001");
  CHECK(f.engine->invoices().create(admin, one_line()).number == "INV-2026-0002");
  f.clock->set(*parse_iso("2027-01-01T00:00:00Z"));
  CHECK(f.engine->invoices().create(admin, one_line()).number == "INV-2027-0001");
  f.sql("UPDATE counters SET value = 9999 WHERE name = 'invoice_number:2027'");
  CHECK(f.engine->invoices().create(admin, one_line()).number == "INV-2027-10000");
}
