#pragma once
// `crm doctor --recount`: the maintained list counts and derived visibility columns (migration
// 8) checked against the rows they summarize, and repaired on request.

#include <cstdint>
#include <string>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::lists {

struct CountDifference {
  std::string list, scope, bucket;
  std::int64_t stored_count = 0, actual_count = 0;
  std::int64_t stored_revenue = 0, actual_revenue = 0;
};

struct RecountReport {
  std::vector<CountDifference> counts;  // list_counts rows that disagree with the rows
  std::int64_t stale_lead_scopes = 0;   // leads whose scope/in_pipeline disagree with their company
  std::int64_t stale_activity_scopes = 0;
  bool clean() const {
    return counts.empty() && stale_lead_scopes == 0 && stale_activity_scopes == 0;
  }
};

// Recomputes every count from the rows (in one read snapshot) and compares.
RecountReport recount(sql::Database& db);

// Recomputes derived columns and every count from the rows and stores them, in the caller's
// write transaction (storage::bulk_load, repair_counts).
void rebuild_counts(sql::Connection& conn);

// Recomputes derived columns and every count from the rows and stores them, in one write
// transaction. Returns what was wrong before.
RecountReport repair_counts(sql::Database& db);

}  // namespace crm::lists
