// storage::bulk_load and storage::BulkInsert: rows loaded with the per-row upkeep deferred leave
// the same counts, scopes and search results as rows written one by one, and the triggers are in
// place again afterwards (the fixture's recount checks the counts at the end of every case).
#include <doctest/doctest.h>

#include "api/company_rows_helpers.hpp"
#include "core/lists/recount.hpp"
#include "crm/bulk_load.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;
namespace cr = crm::test::company_rows;

namespace {

// Company, contact and lead `n` (owned by `rep`, or the pool when empty); the lead's derived
// scope is left at its default unless `supply_scope`, as a writer that does not know it would.
void load_lead(storage::BulkInsert& companies, storage::BulkInsert& contacts,
               storage::BulkInsert& leads, const std::string& n, const std::string& rep,
               const std::string& status, bool supply_scope) {
  const std::optional<std::string> rep_id = rep.empty() ? std::nullopt : std::optional(rep);
  companies.add("bco-" + n, "Bulk Bakery " + n, "1555000" + n, status, rep_id, kStartTime,
                kStartTime);
  contacts.add("bct-" + n, "bco-" + n, "Zelda", "Quokka" + n, "Zelda Quokka" + n,
               "zelda" + n + "@bulk.example", "zelda" + n + "@bulk.example", kStartTime,
               kStartTime);
  leads.add("bld-" + n, "bct-" + n, "bco-" + n, rep_id, "QUALIFIED", 250'000, kStartTime,
            kStartTime, supply_scope ? rep : std::string(),
            supply_scope && status == "LEAD" ? 1 : 0);
}

std::int64_t total_of(const ApiResult& r) {
  REQUIRE(r.status == 200);
  return r.body.at("pagination").at("total").to_number<std::int64_t>();
}

void bulk_load_three(ApiFixture& f, const std::string& rep_id) {
  storage::bulk_load(f.engine->database(), [&](sql::Transaction& tx) {
    storage::BulkInsert companies(
        tx.connection(), "companies",
        {"id", "name", "phone_digits", "status", "assigned_rep_id", "created_at", "updated_at"}, 2);
    storage::BulkInsert contacts(tx.connection(), "contacts",
                                 {"id", "company_id", "first_name", "last_name", "full_name",
                                  "email", "email_normalized", "created_at", "updated_at"});
    storage::BulkInsert leads(
        tx.connection(), "leads",
        {"id", "contact_id", "company_id", "owner_id", "stage", "estimated_revenue", "created_at",
         "updated_at", "scope", "in_pipeline"});
    storage::BulkInsert activities(
        tx.connection(), "activities",
        {"id", "type", "lead_id", "company_id", "user_id", "data", "created_at"});
    load_lead(companies, contacts, leads, "1", rep_id, "LEAD", false);
    load_lead(companies, contacts, leads, "2", rep_id, "LEAD", true);
    load_lead(companies, contacts, leads, "3", "", "CUSTOMER", false);
    for (auto* t : {&companies, &contacts, &leads}) t->flush();
    activities.add("bac-1", "lead_created", "bld-1", "bco-1", std::optional<std::string>(), "{}",
                   kStartTime);
    activities.add("bac-3", "lead_created", "bld-3", std::optional<std::string>(),
                   std::optional<std::string>(), "{}", kStartTime);
    activities.flush();
  });
}

}  // namespace

TEST_CASE("bulk load: counts, scopes and search indexes match the rows after the load") {
  ApiFixture f;
  const auto admin = f.admin_token();
  const auto [rep, rep_id] = f.make_user("bulk.rep@example.com");
  cr::create_named(f, "Before Bulk Co", rep_id);  // counts that exist before the load
  const auto rep_companies_before = total_of(f.call("GET", "/api/companies", rep));

  bulk_load_three(f, rep_id);

  CHECK(lists::recount(f.engine->database()).clean());
  CHECK(f.sql("SELECT scope FROM leads WHERE id = 'bld-1'").first().text("scope") == rep_id);
  CHECK(f.sql("SELECT scope FROM activities WHERE id = 'bac-3'").first().text("scope").empty());
  // The rep sees their two new companies and leads (totals from the maintained counts).
  CHECK(total_of(f.call("GET", "/api/companies", rep)) == rep_companies_before + 3);
  CHECK(total_of(f.call("GET", "/api/leads?stage=QUALIFIED", rep)) == 3);
  CHECK(total_of(f.call("GET", "/api/leads?stage=QUALIFIED", admin)) == 3);
  // Search reaches the loaded contacts and companies (FTS5 rebuilt / pg_trgm).
  CHECK(total_of(f.call("GET", "/api/leads?search=quokka2", admin)) == 1);
  CHECK(total_of(f.call("GET", "/api/leads?search=quokka", rep)) == 3);
  CHECK(total_of(f.call("GET", "/api/companies?search=bulk%20bakery", admin)) == 3);

  // The triggers are back: a later rename is searchable, a reassignment moves the counts.
  REQUIRE(f.call("PATCH", "/api/companies/bco-3", admin,
                 json::value{{"name", "Renamed Patisserie"}, {"assignedRepId", rep_id}})
              .status == 200);
  CHECK(total_of(f.call("GET", "/api/companies?search=patisserie", admin)) == 1);
  CHECK(f.sql("SELECT scope FROM leads WHERE id = 'bld-3'").first().text("scope") == rep_id);
  CHECK(lists::recount(f.engine->database()).clean());
}

TEST_CASE("bulk load: a load that fails leaves nothing behind and the triggers in place") {
  ApiFixture f;
  const auto admin = f.admin_token();
  CHECK_THROWS_AS(storage::bulk_load(f.engine->database(),
                                     [&](sql::Transaction& tx) {
                                       tx.query(
                                           "INSERT INTO companies (id, name, status, created_at, "
                                           "updated_at) VALUES ('bx', 'Gone', 'LEAD', 1, 1)");
                                       throw Error(ErrorCode::kInvalidArgument, "row 2: name");
                                     }),
                  Error);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM companies WHERE id = 'bx'").first().integer("n") == 0);
  cr::create_named(f, "After Failed Load");
  CHECK(total_of(f.call("GET", "/api/companies", admin)) == 1);
  CHECK(total_of(f.call("GET", "/api/companies?search=failed%20load", admin)) == 1);
}

TEST_CASE("bulk load: BulkInsert checks its rows and batch size") {
  ApiFixture f;
  f.engine->database().write([&](sql::Transaction& tx) {
    CHECK_THROWS_AS(storage::BulkInsert(tx.connection(), "companies", {"id"}, 0), Error);
    CHECK_THROWS_AS(storage::BulkInsert(tx.connection(), "companies", {}, 10), Error);
    storage::BulkInsert companies(tx.connection(), "companies", {"id", "name"}, 4);
    companies.add("short-row");
    CHECK_THROWS_AS(companies.flush(), Error);
  });
}

TEST_CASE("derived scopes: an insert that omits or misstates them still gets them right") {
  // Writers supply leads.scope / in_pipeline and activities.scope (migration 10); any other
  // insert is corrected by the insert triggers, and counted under the corrected scope.
  ApiFixture f;
  const auto [rep, rep_id] = f.make_user("scope.rep@example.com");
  const auto company = cr::create_named(f, "Scoped Co", rep_id);
  f.sql(
      "INSERT INTO contacts (id, company_id, first_name, full_name, created_at, updated_at) "
      "VALUES ('sct', ?, 'Sam', 'Sam Scope', 1, 1)",
      company);
  f.sql(
      "INSERT INTO leads (id, contact_id, company_id, stage, created_at, updated_at) "
      "VALUES ('sld-omitted', 'sct', ?, 'NEW_LEAD', 1, 1)",
      company);
  f.sql(
      "INSERT INTO leads (id, contact_id, company_id, stage, created_at, updated_at, scope, "
      "in_pipeline) VALUES ('sld-wrong', 'sct', ?, 'NEW_LEAD', 1, 1, 'someone-else', 0)",
      company);
  f.sql(
      "INSERT INTO activities (id, type, lead_id, data, created_at, scope) "
      "VALUES ('sac-wrong', 'note_added', 'sld-wrong', '{}', 1, '')");
  for (const char* id : {"sld-omitted", "sld-wrong"}) {
    const auto row = f.sql("SELECT scope, in_pipeline FROM leads WHERE id = ?", id).first();
    CHECK(row.text("scope") == rep_id);
    CHECK(row.integer("in_pipeline") == 1);
  }
  CHECK(f.sql("SELECT scope FROM activities WHERE id = 'sac-wrong'").first().text("scope") ==
        rep_id);
  CHECK(total_of(f.call("GET", "/api/leads", rep)) == 2);
  CHECK(lists::recount(f.engine->database()).clean());
}

TEST_CASE("bulk load: rows that refer to missing parents fail the load; keys are enforced after") {
  // SQLite checks a load's foreign keys once at its end (write_checking_keys_at_end) instead of
  // per row; either way a dangling reference rolls the whole load back.
  ApiFixture f;
  const auto admin = f.admin_token();
  CHECK_THROWS_AS(
      storage::bulk_load(
          f.engine->database(),
          [&](sql::Transaction& tx) {
            storage::BulkInsert companies(tx.connection(), "companies",
                                          {"id", "name", "status", "created_at", "updated_at"});
            companies.add("fk-co", "Kept Apart Co", "LEAD", kStartTime, kStartTime);
            companies.flush();
            storage::BulkInsert contacts(
                tx.connection(), "contacts",
                {"id", "company_id", "full_name", "created_at", "updated_at"});
            contacts.add("fk-ct-1", "fk-co", "Ann Parent", kStartTime, kStartTime);
            contacts.add("fk-ct-2", "no-such-company", "Orphan Olly", kStartTime, kStartTime);
            contacts.flush();
          }),
      Error);
  for (const char* table : {"companies", "contacts"})
    CHECK(f.sql(std::string("SELECT COUNT(*) AS n FROM ") + table + " WHERE id LIKE 'fk-%'")
              .first()
              .integer("n") == 0);
  CHECK(total_of(f.call("GET", "/api/companies", admin)) == 0);
  // Per-row enforcement is back for every later write, and so are the triggers.
  CHECK_THROWS_AS(f.sql("INSERT INTO contacts (id, company_id, full_name, created_at, updated_at) "
                        "VALUES ('fk-ct-3', 'no-such-company', 'Late Orphan', 1, 1)"),
                  Error);
  cr::create_named(f, "After Dangling Load");
  CHECK(total_of(f.call("GET", "/api/companies?search=dangling", admin)) == 1);
}

TEST_CASE("bulk load: a duplicate key fails the load and leaves nothing of it") {
  ApiFixture f;
  const auto admin = f.admin_token();
  cr::create_named(f, "Existing Co");
  CHECK_THROWS_AS(storage::bulk_load(f.engine->database(),
                                     [&](sql::Transaction& tx) {
                                       storage::BulkInsert companies(
                                           tx.connection(), "companies",
                                           {"id", "name", "status", "created_at", "updated_at"});
                                       for (const char* id : {"dup-1", "dup-2", "dup-1"})
                                         companies.add(id, "Twice Co", "LEAD", kStartTime,
                                                       kStartTime);
                                       companies.flush();
                                     }),
                  Error);
  CHECK(f.sql("SELECT COUNT(*) AS n FROM companies WHERE id LIKE 'dup-%'").first().integer("n") ==
        0);
  CHECK(total_of(f.call("GET", "/api/companies", admin)) == 1);
  CHECK(lists::recount(f.engine->database()).clean());
}
