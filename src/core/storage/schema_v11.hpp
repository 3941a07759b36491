#pragma once
// Migration 11: drop the lead index nothing reads.
//
// leads_pipeline (stage, updated_at, id, company_id, estimated_revenue) was the covering index of
// the first pipeline board, which grouped and sorted every lead. Since migration 8 the board's
// totals come from list_counts and its cards from leads_board / leads_scope_board, and no other
// statement orders leads by updated_at: the index only cost every lead write one more entry.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV11 = R"SQL(
DROP INDEX IF EXISTS leads_pipeline;
)SQL";

}  // namespace crm::storage
