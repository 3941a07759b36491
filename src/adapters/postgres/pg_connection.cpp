#include "adapters/postgres/pg_connection.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "adapters/postgres/pg_errors.hpp"
#include "adapters/postgres/placeholders.hpp"
#include "crm/error.hpp"

namespace crm::postgres {
namespace {

// Type OIDs of pg_type.dat (stable across server versions).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26;
constexpr Oid kTextOid = 25, kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

Oid type_of(const sql::Value& v) {
  switch (v.index()) {
    case 1:
      return kInt8Oid;
    case 2:
      return kFloat8Oid;
    case 3:
      return kTextOid;
    default:
      return 0;  // null: the server infers the type from the context
  }
}

// One letter per parameter type: the statement cache keeps one prepared statement per SQL
// text and type pattern, since a parameter's type is fixed when the statement is prepared.
std::string cache_key(std::string_view sql, std::span<const sql::Value> params) {
  std::string key(sql);
  key += '\0';
  for (const auto& p : params) key += "nids"[p.index()];
  return key;
}

std::string to_text(const sql::Value& v) {
  char buf[32];
  if (const auto* i = std::get_if<std::int64_t>(&v)) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *i);
    return std::string(buf, end);
  }
  if (const auto* d = std::get_if<double>(&v)) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, end);
  }
  return std::get<std::string>(v);
}

// NUMERIC comes back for SUM() over BIGINT: exact integers stay int64 (money sums), the rest
// (AVG and the like) become double.
sql::Value numeric_value(std::string_view text) {
  std::int64_t i = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec == std::errc() && end == text.data() + text.size()) return i;
  return std::strtod(std::string(text).c_str(), nullptr);
}

sql::Value read_value(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return nullptr;
  const char* raw = PQgetvalue(res, row, col);
  const std::string_view text(raw, static_cast<std::size_t>(PQgetlength(res, row, col)));
  switch (PQftype(res, col)) {
    case kInt8Oid:
    case kInt4Oid:
    case kInt2Oid:
    case kOidOid: {
      std::int64_t i = 0;
      std::from_chars(text.data(), text.data() + text.size(), i);
      return i;
    }
    case kBoolOid:
      return std::int64_t{text == "t" ? 1 : 0};
    case kFloat4Oid:
    case kFloat8Oid:
      return std::strtod(raw, nullptr);
    case kNumericOid:
      return numeric_value(text);
    default:
      return std::string(text);
  }
}

void ignore_notice(void*, const char*) {}

// One row of a result, read in place (Connection::each). Integers come as decimal text (booleans
// as t/f); texts point into the result, which outlives the callback.
struct PgRowView final : sql::RowView {
  explicit PgRowView(const PGresult* r) : res(r) {}
  int size() const override { return PQnfields(res); }
  std::string_view column_name(int i) const override { return PQfname(res, i); }
  bool is_null(int i) const override { return PQgetisnull(res, row, i) != 0; }
  std::string_view text(int i) const override {
    return std::string_view(PQgetvalue(res, row, i),
                            static_cast<std::size_t>(PQgetlength(res, row, i)));
  }
  std::optional<std::string_view> opt_text(int i) const override {
    if (is_null(i)) return std::nullopt;
    return text(i);
  }
  std::int64_t integer(int i) const override {
    const std::string_view t = text(i);
    if (PQftype(res, i) == kBoolOid) return t == "t" ? 1 : 0;
    std::int64_t n = 0;
    std::from_chars(t.data(), t.data() + t.size(), n);
    return n;
  }
  std::optional<std::int64_t> opt_integer(int i) const override {
    if (is_null(i)) return std::nullopt;
    return integer(i);
  }

  const PGresult* res;
  int row = 0;
};

}  // namespace

PgConnection::PgConnection(const std::string& uri, const std::string& redacted)
    : conn_(PQconnectdb(uri.c_str())) {
  if (!conn_) throw Error::unavailable("cannot allocate a PostgreSQL connection");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(conn_);
    throw Error::unavailable("cannot connect to " + redacted + ": " + message);
  }
  // Server notices ("relation already exists, skipping") are not errors; keep stderr quiet.
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

PgConnection::Prepared& PgConnection::prepare(std::string_view sql,
                                              std::span<const sql::Value> params) {
  std::string key = cache_key(sql, params);
  if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
  Prepared p;
  p.name = "crm_" + std::to_string(prepared_.size() + 1);
  const std::string text = number_placeholders(sql, p.param_count);
  if (p.param_count != static_cast<int>(params.size()))
    throw Error::internal("statement takes " + std::to_string(p.param_count) + " parameters, got " +
                          std::to_string(params.size()) + ": " + std::string(sql));
  std::vector<Oid> types;
  for (const auto& v : params) types.push_back(type_of(v));
  ResultPtr res(PQprepare(conn_, p.name.c_str(), text.c_str(), p.param_count, types.data()));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
    throw_command_error(conn_, res.get(), "prepare " + std::string(sql));
  return prepared_.emplace(std::move(key), std::move(p)).first->second;
}

PgConnection::ResultPtr PgConnection::execute(Prepared& p, std::string_view sql,
                                              std::span<const sql::Value> params) {
  std::vector<std::string> texts;
  texts.reserve(params.size());
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& v : params) {
    if (std::holds_alternative<std::nullptr_t>(v)) {
      values.push_back(nullptr);
    } else {
      texts.push_back(to_text(v));
      values.push_back(nullptr);  // pointed at below, once `texts` no longer moves
    }
  }
  for (std::size_t i = 0, t = 0; i < params.size(); ++i)
    if (!std::holds_alternative<std::nullptr_t>(params[i])) values[i] = texts[t++].c_str();

  ResultPtr res(PQexecPrepared(conn_, p.name.c_str(), static_cast<int>(params.size()),
                               values.data(), nullptr, nullptr, 0));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    throw_command_error(conn_, res.get(), std::string(sql));
  return res;
}

sql::Result PgConnection::run(std::string_view sql, std::span<const sql::Value> params) {
  Prepared& p = prepare(sql, params);
  const ResultPtr res = execute(p, sql, params);
  sql::Result result;
  const int ncols = PQnfields(res.get());
  if (!p.columns) {
    auto columns = std::make_shared<std::vector<std::string>>();
    for (int c = 0; c < ncols; ++c) columns->emplace_back(PQfname(res.get(), c));
    p.columns = std::move(columns);
  }
  const int nrows = PQntuples(res.get());
  result.rows.reserve(static_cast<std::size_t>(nrows));
  for (int r = 0; r < nrows; ++r) {
    std::vector<sql::Value> row;
    row.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) row.push_back(read_value(res.get(), r, c));
    result.rows.emplace_back(p.columns, std::move(row));
  }
  if (const char* tuples = PQcmdTuples(res.get()); tuples && *tuples && ncols == 0)
    result.changes = std::atoll(tuples);
  return result;
}

void PgConnection::each_row(std::string_view sql, std::span<const sql::Value> params,
                            sql::RowFn fn) {
  const ResultPtr res = execute(prepare(sql, params), sql, params);
  PgRowView row(res.get());
  for (int r = 0, n = PQntuples(res.get()); r < n; ++r) {
    row.row = r;
    fn(row);
  }
}

void PgConnection::exec_script(std::string_view sql) {
  ResultPtr res(PQexec(conn_, std::string(sql).c_str()));
  const auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    throw_command_error(conn_, res.get(), "script");
}

std::string PgConnection::command(const char* text) {
  ResultPtr res(PQexec(conn_, text));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK)
    throw_command_error(conn_, res.get(), text);
  return PQcmdStatus(res.get());
}

void PgConnection::lock_key(std::string_view key) {
  query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", key);
}

}  // namespace crm::postgres
