#include "core/imports/import_runner.hpp"

#include <map>
#include <optional>

#include "core/companies/company_keys.hpp"
#include "core/ingest/ingest_lead.hpp"
#include "core/runtime.hpp"
#include "crm/error.hpp"

namespace crm::imports {
namespace {

// Rows a dry run may set aside after failing statements before it gives up (each costs a
// restart of the transaction).
constexpr std::size_t kMaxFailedRows = 200;

// Thrown to roll the dry run's transaction back, carrying its report out. Not a crm::Error, so
// the write contract does not retry it.
struct DryRunDone {
  std::vector<RowResult> rows;
};

RowResult base(const PreparedRow& p) {
  RowResult r;
  r.row = p.row;
  r.line = p.line;
  return r;
}

RowResult rejected(const PreparedRow& p, const ingest::Rejected& why) {
  RowResult r = base(p);
  r.status = why.status;
  r.message = why.message;
  return r;
}

RowResult failed(const PreparedRow& p, std::string message) {
  RowResult r = base(p);
  r.status = RowStatus::kError;
  r.message = std::move(message);
  return r;
}

RowResult merged(detail::Runtime& rt, sql::Connection& conn, const Actor& actor,
                 const PreparedRow& p) {
  RowResult r = ingest::merge(conn, rt, actor, std::get<ingest::Normalized>(p.lead));
  r.row = p.row;
  r.line = p.line;
  return r;
}

// The message a row gets when its own statements fail. Internal details (SQL) go to the log.
std::string row_failure(detail::Runtime& rt, const PreparedRow& p, const std::exception& e) {
  const auto* error = dynamic_cast<const Error*>(&e);
  if (error &&
      (error->code() == ErrorCode::kConflict || error->code() == ErrorCode::kInvalidArgument ||
       error->code() == ErrorCode::kAborted))
    return error->what();
  rt.log().error("import row " + std::to_string(p.row) + ": " + e.what());
  return "internal error while importing this row (logged)";
}

bool is_unavailable(const std::exception& e) {
  const auto* error = dynamic_cast<const Error*>(&e);
  return error && error->code() == ErrorCode::kUnavailable;
}

bool needs_database(const PreparedRow& p) {
  return std::holds_alternative<ingest::Normalized>(p.lead);
}

ImportReport finish(std::vector<RowResult> rows, bool dry_run) {
  ImportReport report;
  report.dry_run = dry_run;
  for (RowResult& r : rows) {
    ++report.summary.total;
    switch (r.status) {
      case RowStatus::kCreated:
        ++report.summary.created;
        break;
      case RowStatus::kMerged:
        ++report.summary.merged;
        break;
      case RowStatus::kSkipped:
        ++report.summary.skipped;
        break;
      case RowStatus::kError:
        ++report.summary.errors;
        break;
    }
    if (dry_run) {  // what the dry run created was rolled back: its ids name nothing
      if (r.company == RecordAction::kCreated) r.company_id.reset();
      if (r.contact == RecordAction::kCreated) r.contact_id.reset();
      if (r.lead == RecordAction::kCreated) r.lead_id.reset();
    }
  }
  report.rows = std::move(rows);
  return report;
}

ImportReport commit(detail::Runtime& rt, const Actor& actor, const std::vector<PreparedRow>& rows,
                    std::size_t batch_rows, const ImportProgress& progress) {
  std::vector<RowResult> results(rows.size());
  rt.db->write([&](sql::Transaction& tx) { company_keys::backfill(tx.connection()); });

  std::optional<std::string> stopped;  // why the rest of the file was not imported
  for (std::size_t begin = 0; begin < rows.size(); begin += batch_rows) {
    const std::size_t end = std::min(rows.size(), begin + batch_rows);
    for (std::size_t i = begin; i < end; ++i)
      if (!needs_database(rows[i]))
        results[i] = rejected(rows[i], std::get<ingest::Rejected>(rows[i].lead));
    if (stopped) {
      for (std::size_t i = begin; i < end; ++i)
        if (needs_database(rows[i])) results[i] = failed(rows[i], *stopped);
      if (progress) progress(end, rows.size());
      continue;
    }
    try {
      auto batch = rt.db->write([&](sql::Transaction& tx) {
        std::vector<std::pair<std::size_t, RowResult>> out;  // fresh on every attempt
        for (std::size_t i = begin; i < end; ++i)
          if (needs_database(rows[i]))
            out.emplace_back(i, merged(rt, tx.connection(), actor, rows[i]));
        rt.invalidate_dashboard_on_commit(tx);
        return out;
      });
      for (auto& [i, r] : batch) results[i] = std::move(r);
    } catch (const std::exception& batch_error) {
      if (is_unavailable(batch_error)) {
        stopped = std::string("not imported: ") + batch_error.what();
        for (std::size_t i = begin; i < end; ++i)
          if (needs_database(rows[i])) results[i] = failed(rows[i], *stopped);
        if (progress) progress(end, rows.size());
        continue;
      }
      // One row broke the batch: import its rows one by one so only that row fails.
      for (std::size_t i = begin; i < end; ++i) {
        if (!needs_database(rows[i])) continue;
        if (stopped) {
          results[i] = failed(rows[i], *stopped);
          continue;
        }
        try {
          results[i] = rt.db->write([&](sql::Transaction& tx) {
            RowResult r = merged(rt, tx.connection(), actor, rows[i]);
            rt.invalidate_dashboard_on_commit(tx);
            return r;
          });
        } catch (const std::exception& row_error) {
          if (is_unavailable(row_error)) {
            stopped = std::string("not imported: ") + row_error.what();
            results[i] = failed(rows[i], *stopped);
          } else {
            results[i] = failed(rows[i], row_failure(rt, rows[i], row_error));
          }
        }
      }
    }
    if (progress) progress(end, rows.size());
  }
  return finish(std::move(results), false);
}

ImportReport dry_run(detail::Runtime& rt, const Actor& actor, const std::vector<PreparedRow>& rows,
                     std::size_t batch_rows, const ImportProgress& progress) {
  std::map<std::size_t, std::string> set_aside;  // rows whose statements failed, and why
  for (;;) {
    std::size_t current = 0;
    try {
      rt.db->write([&](sql::Transaction& tx) {
        std::vector<RowResult> out;  // fresh on every attempt
        out.reserve(rows.size());
        company_keys::backfill(tx.connection());
        for (std::size_t i = 0; i < rows.size(); ++i) {
          current = i;
          if (!needs_database(rows[i]))
            out.push_back(rejected(rows[i], std::get<ingest::Rejected>(rows[i].lead)));
          else if (const auto it = set_aside.find(i); it != set_aside.end())
            out.push_back(failed(rows[i], it->second));
          else
            out.push_back(merged(rt, tx.connection(), actor, rows[i]));
          if (progress && ((i + 1) % batch_rows == 0 || i + 1 == rows.size()))
            progress(i + 1, rows.size());
        }
        throw DryRunDone{std::move(out)};
      });
    } catch (DryRunDone& done) {
      return finish(std::move(done.rows), true);
    } catch (const std::exception& e) {
      if (is_unavailable(e) || set_aside.size() >= kMaxFailedRows) throw;
      set_aside[current] = row_failure(rt, rows[current], e);
    }
  }
}

}  // namespace

ImportReport run(detail::Runtime& rt, const Actor& actor, const std::vector<PreparedRow>& rows,
                 bool is_dry_run, std::size_t batch_rows, const ImportProgress& progress) {
  if (batch_rows == 0) batch_rows = 1;
  return is_dry_run ? dry_run(rt, actor, rows, batch_rows, progress)
                    : commit(rt, actor, rows, batch_rows, progress);
}

}  // namespace crm::imports
