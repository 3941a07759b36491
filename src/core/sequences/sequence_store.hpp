#pragma once
// Sequence definitions and runs, read and written inside a caller's transaction.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"
#include "crm/sequences.hpp"

namespace crm::sequence_store {

std::optional<SequenceDefinition> find_definition(sql::Connection& conn, std::string_view tag_slug);

// "SELECT <kRunColumns> FROM sequence_runs r ..." for row_to_run.
std::string run_columns(std::string_view alias, std::string_view prefix);
SequenceRun row_to_run(const sql::Row& row, std::string_view prefix);

std::optional<SequenceRun> find_run(sql::Connection& conn, std::string_view run_id,
                                    sql::Lock lock = sql::Lock::kNone);

}  // namespace crm::sequence_store
