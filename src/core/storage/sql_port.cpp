// The storage port's shared behaviour: the write contract (retry, after-commit hooks) and the
// dialect helpers of Connection.
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "crm/error.hpp"
#include "crm/ports/sql.hpp"

namespace crm::sql {
namespace {

// The databases this thread is writing to. A write inside a write to the same database would
// deadlock (SQLite) or silently commit apart (PostgreSQL); both are bugs, so both engines
// refuse it the same way. Writing to another database meanwhile is fine. Plain arrays, not a
// vector: thread-local objects with destructors are gone before atexit handlers run.
constexpr int kMaxOpenWrites = 8;
thread_local const Database* t_writing[kMaxOpenWrites];
thread_local int t_open_writes = 0;

// Full jitter over an exponential ceiling: 1, 2, 4, ... 64 ms.
std::chrono::microseconds retry_delay(int attempt) {
  thread_local std::minstd_rand rng(std::random_device{}());
  const long ceiling_us = 1000L << std::min(attempt, 6);
  return std::chrono::microseconds(
      std::uniform_int_distribution<long>(ceiling_us / 4, ceiling_us)(rng));
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

// A Row seen through RowView (Connection::each's default implementation).
class ResultRowView final : public RowView {
 public:
  ResultRowView(const Row& row, const std::vector<std::string>& names) : row_(row), names_(names) {}
  int size() const override { return static_cast<int>(row_.size()); }
  std::string_view column_name(int i) const override { return names_.at(i); }
  bool is_null(int i) const override {
    return std::holds_alternative<std::nullptr_t>(row_.at(static_cast<std::size_t>(i)));
  }
  std::string_view text(int i) const override {
    const auto* s = std::get_if<std::string>(&row_.at(static_cast<std::size_t>(i)));
    return s ? std::string_view(*s) : std::string_view();
  }
  std::optional<std::string_view> opt_text(int i) const override {
    if (is_null(i)) return std::nullopt;
    return text(i);
  }
  std::int64_t integer(int i) const override {
    const auto* n = std::get_if<std::int64_t>(&row_.at(static_cast<std::size_t>(i)));
    return n ? *n : 0;
  }
  std::optional<std::int64_t> opt_integer(int i) const override {
    if (is_null(i)) return std::nullopt;
    return integer(i);
  }

 private:
  const Row& row_;
  const std::vector<std::string>& names_;
};

}  // namespace

void Connection::each_row(std::string_view sql, std::span<const Value> params, RowFn fn) {
  const Result result = run(sql, params);
  for (const Row& row : result.rows) fn(ResultRowView(row, row.columns()));
}

void Database::run_write(const std::function<void(Transaction&)>& body, Keys keys) {
  if (std::find(t_writing, t_writing + t_open_writes, this) != t_writing + t_open_writes)
    throw Error::internal("nested write transaction");
  if (t_open_writes == kMaxOpenWrites) throw Error::internal("too many databases written at once");
  struct Flag {
    explicit Flag(const Database* db) { t_writing[t_open_writes++] = db; }
    ~Flag() { --t_open_writes; }
  };
  std::vector<std::function<void()>> hooks;
  for (int attempt = 1;; ++attempt) {
    try {
      Flag in_write(this);
      std::unique_ptr<Transaction> tx =
          keys == Keys::kAtEnd ? begin_write_checking_keys_at_end() : begin_write();
      body(*tx);
      tx->commit();
      hooks = std::move(tx->hooks_);
      break;
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kAborted) throw;
      if (attempt >= kMaxWriteAttempts)
        throw Error::aborted("The change lost a race with a concurrent change; retry it");
    }
    std::this_thread::sleep_for(retry_delay(attempt));
  }
  for (auto& hook : hooks) {
    try {
      hook();
    } catch (...) {  // hooks must not throw; one that does must not stop the others
    }
  }
}

std::string Connection::in_text_list(std::string_view column) const {
  if (dialect() == Dialect::kPostgres)
    return std::string(column) + " = ANY(ARRAY(SELECT json_array_elements_text(CAST(? AS json))))";
  return std::string(column) + " IN (SELECT value FROM json_each(?))";
}

std::string Connection::text_list_table(std::string_view alias) const {
  if (dialect() == Dialect::kPostgres)
    return "json_array_elements_text(CAST(? AS json)) AS " + std::string(alias) + "(value)";
  return "json_each(?) AS " + std::string(alias);
}

Value Connection::text_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    append_json_string(out, item);
  }
  out += ']';
  return out;
}

}  // namespace crm::sql
