#pragma once
// The pipeline's lead set, shared by the board and the dashboard snapshot: leads whose company
// has status LEAD or who have no company, filtered by the actor's visibility (DOMAIN.md §3).

#include <vector>

#include "crm/pipeline.hpp"
#include "crm/ports/sql.hpp"

namespace crm::overview {

// Count and estimated-revenue sum per stage, one entry per stage in pipeline order (zeros
// included), from the maintained aggregates.
std::vector<StageSnapshot> pipeline_stage_totals(sql::Connection& conn, const Actor& actor);

// Up to `per_stage` cards per stage, newest-updated first. Each column's `leads` is filled;
// counts and revenue are left to pipeline_stage_totals.
void fill_pipeline_cards(sql::Connection& conn, const Actor& actor, int per_stage,
                         std::vector<PipelineColumn>& columns);

}  // namespace crm::overview
