#include "crm/database_copy.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/storage/migrations.hpp"
#include "crm/error.hpp"

namespace crm::storage {
namespace {

constexpr std::size_t kBatchRows = 500;
// PostgreSQL takes at most 65535 parameters per statement.
constexpr std::size_t kMaxParams = 60000;

bool is_postgres(sql::Connection& conn) { return conn.dialect() == sql::Dialect::kPostgres; }

// Tables that hold data. Search indexes kept as tables (SQLite's FTS5 virtual tables and their
// shadow tables) are the engine's own and are rebuilt by the target's triggers.
std::vector<std::string> tables_of(sql::Connection& conn) {
  const auto res =
      is_postgres(conn)
          ? conn.query(
                "SELECT table_name AS t FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")
          : conn.query(
                "SELECT name AS t FROM sqlite_master m WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                "AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.type = 'table' "
                "AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND substr(m.name, 1, length(v.name) + 1) "
                "= v.name || '_') "
                "ORDER BY 1");
  return res.map([](const sql::Row& r) { return r.text("t"); });
}

// Tables the target's triggers fill while the others are copied (per-scope list counts): they
// are copied last, replacing what the triggers wrote, so the copy equals the source.
bool derived_table(const std::string& table) { return table == "list_counts"; }

bool has_schema(sql::Database& db) {
  auto tx = db.read();
  const auto tables = tables_of(tx->connection());
  return std::find(tables.begin(), tables.end(), "schema_migrations") != tables.end();
}

std::vector<std::string> columns_of(sql::Connection& conn, const std::string& table) {
  const auto res =
      is_postgres(conn)
          ? conn.query(
                "SELECT column_name AS c FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ? ORDER BY "
                "ordinal_position",
                table)
          : conn.query("SELECT name AS c FROM pragma_table_info(?) ORDER BY cid", table);
  return res.map([](const sql::Row& r) { return r.text("c"); });
}

// The single-column primary key, when the table has one (batches then page by it).
std::optional<std::string> single_key_of(sql::Connection& conn, const std::string& table) {
  const auto res =
      is_postgres(conn)
          ? conn.query(
                "SELECT k.column_name AS c FROM information_schema.table_constraints t "
                "JOIN information_schema.key_column_usage k ON k.constraint_name = "
                "t.constraint_name "
                "AND k.table_schema = t.table_schema WHERE t.table_schema = current_schema() "
                "AND t.table_name = ? AND t.constraint_type = 'PRIMARY KEY'",
                table)
          : conn.query("SELECT name AS c FROM pragma_table_info(?) WHERE pk > 0", table);
  if (res.rows.size() != 1) return std::nullopt;
  return res.first().text("c");
}

// Tables whose rows get columns derived from other tables by the target's insert triggers
// (visibility scopes, migration 8) without a foreign key saying so: those tables go first.
const std::map<std::string, std::set<std::string>>& derived_from() {
  static const std::map<std::string, std::set<std::string>> deps = {
      {"activities", {"companies", "leads"}}};
  return deps;
}

std::set<std::string> parents_of(sql::Connection& conn, const std::string& table) {
  const auto res =
      is_postgres(conn)
          ? conn.query(
                "SELECT DISTINCT u.table_name AS p FROM information_schema.table_constraints t "
                "JOIN information_schema.constraint_column_usage u ON u.constraint_name = "
                "t.constraint_name "
                "AND u.table_schema = t.table_schema WHERE t.table_schema = current_schema() "
                "AND t.table_name = ? AND t.constraint_type = 'FOREIGN KEY'",
                table)
          : conn.query("SELECT DISTINCT \"table\" AS p FROM pragma_foreign_key_list(?)", table);
  std::set<std::string> out;
  for (const auto& r : res.rows)
    if (r.text("p") != table) out.insert(r.text("p"));  // self-references: rows go in key order
  if (auto it = derived_from().find(table); it != derived_from().end())
    out.insert(it->second.begin(), it->second.end());
  return out;
}

// Tables with every table they reference before them.
std::vector<std::string> in_dependency_order(sql::Connection& conn,
                                             std::vector<std::string> tables) {
  std::map<std::string, std::set<std::string>> parents;
  for (const auto& t : tables) parents[t] = parents_of(conn, t);
  std::vector<std::string> ordered;
  std::set<std::string> placed;
  while (!tables.empty()) {
    const auto ready = std::find_if(tables.begin(), tables.end(), [&](const std::string& t) {
      return std::all_of(parents[t].begin(), parents[t].end(), [&](const std::string& p) {
        return placed.contains(p) || !parents.contains(p);
      });
    });
    if (ready == tables.end()) throw Error::internal("foreign keys form a cycle between tables");
    placed.insert(*ready);
    ordered.push_back(*ready);
    tables.erase(ready);
  }
  return ordered;
}

// One value in a form that does not depend on the engine that read it.
void append_canonical(std::string& out, const sql::Value& v) {
  char buf[40];
  switch (v.index()) {
    case 0:
      out += "\x01N";
      return;
    case 1: {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::get<std::int64_t>(v));
      out.append("\x01I").append(buf, end);
      return;
    }
    case 2: {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, std::get<double>(v));
      out.append(
             "\x01"
             "D")
          .append(buf, end);
      return;
    }
    default:
      out.append("\x01S").append(std::get<std::string>(v));
  }
}

// An order-independent digest of a multiset of rows: the sum and the xor of per-row SHA-256
// prefixes, so two engines that return rows in different orders agree.
class TableDigest {
 public:
  void add(const sql::Row& row) {
    std::string canonical;
    for (std::size_t i = 0; i < row.size(); ++i) append_canonical(canonical, row.at(i));
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(canonical.data(), canonical.size(), md, &len, EVP_sha256(), nullptr);
    std::uint64_t h = 0;
    for (int i = 0; i < 8; ++i) h = h << 8 | md[i];
    sum_ += h;
    xor_ ^= h;
  }
  std::string hex() const {
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(sum_),
                  static_cast<unsigned long long>(xor_));
    return buf;
  }

 private:
  std::uint64_t sum_ = 0, xor_ = 0;
};

std::string column_list(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "\"" : ", \"") + c + "\"";
  return out;
}

// Calls `batch` with the rows of `table` in pages of `rows_per_batch`, keyed by the single
// primary key when there is one (else all rows at once: small tables such as login_failures).
void for_each_batch(sql::Database& db, const std::string& table,
                    const std::vector<std::string>& columns, std::size_t rows_per_batch,
                    const std::function<void(const sql::Result&)>& batch) {
  auto tx = db.read();
  auto& conn = tx->connection();
  const std::string select = "SELECT " + column_list(columns) + " FROM \"" + table + "\"";
  const auto key = single_key_of(conn, table);
  if (!key) return batch(conn.query(select));
  const auto key_index =
      static_cast<std::size_t>(std::find(columns.begin(), columns.end(), *key) - columns.begin());
  std::optional<sql::Value> last;
  for (;;) {
    std::vector<sql::Value> params;
    std::string sql = select;
    if (last) {
      sql += " WHERE \"" + *key + "\" > ?";
      params.push_back(*last);
    }
    sql += " ORDER BY \"" + *key + "\" LIMIT ?";
    params.emplace_back(static_cast<std::int64_t>(rows_per_batch));
    const auto res = conn.run(sql, params);
    if (res.empty()) return;
    batch(res);
    if (res.rows.size() < rows_per_batch) return;
    last = res.rows.back().at(key_index);
  }
}

std::int64_t count_rows(sql::Database& db, const std::string& table) {
  auto tx = db.read();
  return tx->query("SELECT COUNT(*) AS n FROM \"" + table + "\"").first().integer("n");
}

std::string digest_of(sql::Database& db, const std::string& table,
                      const std::vector<std::string>& columns) {
  TableDigest digest;
  for_each_batch(db, table, columns, 5000, [&](const sql::Result& res) {
    for (const auto& row : res.rows) digest.add(row);
  });
  return digest.hex();
}

void copy_table(sql::Database& from, sql::Database& to, const std::string& table,
                const std::vector<std::string>& columns) {
  const std::size_t rows_per_insert =
      std::max<std::size_t>(1, std::min(kBatchRows, kMaxParams / columns.size()));
  std::string row_placeholders = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) row_placeholders += i ? ", ?" : "?";
  row_placeholders += ")";
  const std::string insert = "INSERT INTO \"" + table + "\" (" + column_list(columns) + ") VALUES ";
  to.write([&](sql::Transaction& tx) {
    // The migrations seeded the target (system tags, ...); the source's rows replace them.
    if (tx.query("SELECT COUNT(*) AS n FROM \"" + table + "\"").first().integer("n") > 0)
      tx.query("DELETE FROM \"" + table + "\"");
    for_each_batch(from, table, columns, rows_per_insert, [&](const sql::Result& res) {
      if (res.empty()) return;
      std::string sql = insert;
      std::vector<sql::Value> params;
      params.reserve(res.rows.size() * columns.size());
      for (std::size_t r = 0; r < res.rows.size(); ++r) {
        sql += r ? ", " + row_placeholders : row_placeholders;
        for (std::size_t c = 0; c < columns.size(); ++c) params.push_back(res.rows[r].at(c));
      }
      tx.connection().run(sql, params);
    });
  });
}

}  // namespace

bool CopyReport::ok() const {
  return std::all_of(tables.begin(), tables.end(), [](const TableCopy& t) { return t.matches(); });
}

CopyReport copy_database(sql::Database& from, sql::Database& to, std::int64_t now_ms,
                         const std::function<void(const TableCopy&)>& on_table) {
  if (has_schema(to))
    throw Error::conflict("the target database is not empty (it already holds a libcrm schema)");
  migrate(from, now_ms);
  migrate(to, now_ms);
  std::vector<std::string> tables;
  {
    auto tx = from.read();
    tables = tables_of(tx->connection());
    std::erase(tables, "schema_migrations");  // the target's own migrations recorded it
    tables = in_dependency_order(tx->connection(), std::move(tables));
    std::stable_partition(tables.begin(), tables.end(),
                          [](const std::string& t) { return !derived_table(t); });
  }
  CopyReport report;
  for (const auto& table : tables) {
    std::vector<std::string> columns;
    {
      auto tx = from.read();
      columns = columns_of(tx->connection(), table);
    }
    copy_table(from, to, table, columns);
    TableCopy t{table, count_rows(from, table), count_rows(to, table),
                digest_of(from, table, columns), digest_of(to, table, columns)};
    if (on_table) on_table(t);
    report.tables.push_back(std::move(t));
  }
  return report;
}

}  // namespace crm::storage
