#include "core/lists/recount.hpp"

#include <map>
#include <tuple>

#include "core/lists/derived_columns.hpp"
#include "core/storage/money_sum.hpp"

namespace crm::lists {
namespace {

// What each derived column should hold, from the rows it derives from: the rules of the
// triggers of migration 8, written as expressions over a row of table alias `row`.
std::string lead_scope(std::string_view row) {
  return lead_scope_of(std::string(row) + ".company_id");
}

std::string lead_in_pipeline(std::string_view row) {
  return lead_in_pipeline_of(std::string(row) + ".company_id");
}

std::string activity_scope(std::string_view row) {
  const std::string a(row);
  return "CASE WHEN " + a + ".company_id IS NOT NULL THEN " +
         activity_company_scope_of(a + ".company_id") + " WHEN " + a +
         ".lead_id IS NOT NULL THEN COALESCE((SELECT " + lead_scope("x") +
         " FROM leads x WHERE x.id = " + a + ".lead_id), '!') ELSE 'user:' || COALESCE(" + a +
         ".user_id, '') END";
}

// The UTC month ("YYYY-MM") of an epoch-ms column, as the triggers compute it per dialect.
std::string month_of(sql::Connection& conn, std::string_view column) {
  const std::string c(column);
  if (conn.dialect() == sql::Dialect::kPostgres) return "crm_month(" + c + ")";
  return "strftime('%Y-%m', " + c + " / 1000, 'unixepoch')";
}

// Where the counts take a row's visibility scope and pipeline membership from: derived from the
// company afresh (what they should be), or the derived columns as stored (after a repair made
// them right, served by the list indexes without a lookup per row).
struct DerivedColumns {
  std::string lead_scope, lead_in_pipeline, activity_scope;
};

DerivedColumns derived_afresh() {
  return {lead_scope("l"), lead_in_pipeline("l"), activity_scope("a")};
}

DerivedColumns derived_as_stored() { return {"l.scope", "l.in_pipeline", "a.scope"}; }

// The counts as the rows say they should be.
std::string expected_counts_sql(sql::Connection& conn, const DerivedColumns& d) {
  return "SELECT 'leads' AS list, " + d.lead_scope +
         " AS scope, l.stage AS bucket, COUNT(*) AS n, 0 AS revenue_hi, 0 AS revenue_lo "
         "FROM leads l GROUP BY 2, 3 UNION ALL SELECT 'pipeline', " +
         d.lead_scope + ", l.stage, COUNT(*), " +
         storage::money_sum_columns("l.estimated_revenue", "revenue") + " FROM leads l WHERE " +
         d.lead_in_pipeline +
         " = 1 GROUP BY 2, 3 UNION ALL SELECT 'companies', COALESCE(c.assigned_rep_id, ''), "
         "c.status, COUNT(*), 0, 0 "
         "FROM companies c GROUP BY 2, 3 UNION ALL SELECT 'activities', " +
         d.activity_scope +
         ", a.type, COUNT(*), 0, 0 FROM activities a GROUP BY 2, 3"
         " UNION ALL SELECT 'payments', COALESCE(c.assigned_rep_id, ''), " +
         month_of(conn, "p.received_at") + ", COUNT(*), " +
         storage::money_sum_columns("p.amount", "revenue") +
         " FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN companies c ON c.id = "
         "i.company_id"
         " GROUP BY 2, 3";
}

using Key = std::tuple<std::string, std::string, std::string>;
// Revenue stays in its two parts (storage::money_sum): sums of parts compare exactly.
struct Totals {
  std::int64_t n = 0, revenue_hi = 0, revenue_lo = 0;
  bool operator==(const Totals&) const = default;
  Cents revenue() const { return storage::combine_money_parts(revenue_hi, revenue_lo); }
};

std::map<Key, Totals> read_counts(sql::Connection& conn, const std::string& sql) {
  std::map<Key, Totals> out;
  for (const auto& r : conn.query(sql).rows) {
    auto& t = out[{r.text("list"), r.text("scope"), r.text("bucket")}];
    t.n += r.integer("n");
    t.revenue_hi += r.integer("revenue_hi");
    t.revenue_lo += r.integer("revenue_lo");
  }
  return out;
}

RecountReport compare(sql::Connection& conn) {
  RecountReport report;
  const auto stored =
      read_counts(conn, "SELECT list, scope, bucket, n, revenue_hi, revenue_lo FROM list_counts");
  const auto actual = read_counts(conn, expected_counts_sql(conn, derived_afresh()));
  std::map<Key, std::pair<Totals, Totals>> all;
  for (const auto& [k, t] : stored) all[k].first = t;
  for (const auto& [k, t] : actual) all[k].second = t;
  for (const auto& [k, pair] : all) {
    const auto& [s, a] = pair;
    if (!(s == a))
      report.counts.push_back(
          {std::get<0>(k), std::get<1>(k), std::get<2>(k), s.n, a.n, s.revenue(), a.revenue()});
  }
  report.stale_lead_scopes =
      conn.query("SELECT COUNT(*) AS n FROM leads l WHERE l.scope <> " + lead_scope("l") +
                 " OR l.in_pipeline <> " + lead_in_pipeline("l"))
          .first()
          .integer("n");
  report.stale_activity_scopes =
      conn.query("SELECT COUNT(*) AS n FROM activities a WHERE a.scope <> " + activity_scope("a"))
          .first()
          .integer("n");
  return report;
}

}  // namespace

RecountReport recount(sql::Database& db) {
  auto tx = db.read();
  return compare(tx->connection());
}

void rebuild_counts(sql::Connection& conn) {
  // Derived columns first (their triggers move counts, which are then replaced as a whole), so
  // that the counts can be taken from them.
  //
  // The stale leads are found in one join with their company (one lookup per lead, where the
  // two correlated subqueries of lead_scope/lead_in_pipeline took two: 1M leads ~1.5 s -> ~0.7 s
  // of CPU); the few found are then set as the triggers would.
  conn.query("UPDATE leads SET scope = " + lead_scope("leads") +
             ", in_pipeline = " + lead_in_pipeline("leads") +
             " WHERE id IN (SELECT l.id FROM leads l LEFT JOIN companies c ON c.id = l.company_id "
             "WHERE l.scope <> " +
             lead_scope_joined("c") + " OR l.in_pipeline <> " +
             lead_in_pipeline_joined("l.company_id", "c") + ")");
  conn.query("UPDATE activities SET scope = " + activity_scope("activities") + " WHERE scope <> " +
             activity_scope("activities"));
  conn.query("DELETE FROM list_counts");
  conn.query("INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo) " +
             expected_counts_sql(conn, derived_as_stored()));
}

RecountReport repair_counts(sql::Database& db) {
  return db.write([](sql::Transaction& tx) {
    auto& conn = tx.connection();
    RecountReport before = compare(conn);
    rebuild_counts(conn);
    return before;
  });
}

}  // namespace crm::lists
