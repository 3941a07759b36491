#include "core/overview/pipeline_query.hpp"
#include "core/runtime.hpp"
#include "core/storage/money_sum.hpp"
#include "crm/pipeline.hpp"

namespace crm {
namespace {

// Cards per column; counts and revenue always cover every lead of the stage.
constexpr int kCardsPerStage = 100;

}  // namespace

PipelineService::PipelineService(detail::Runtime& rt) : rt_(rt) {}

Pipeline PipelineService::pipeline(const Actor& actor) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  Pipeline out;
  for (const StageSnapshot& snap : overview::pipeline_stage_totals(conn, actor)) {
    out.stages.push_back({snap.stage, snap.count, snap.revenue, {}});
    out.total_count += snap.count;
    out.total_revenue = storage::saturating_add(out.total_revenue, snap.revenue);
  }
  overview::fill_pipeline_cards(conn, actor, kCardsPerStage, out.stages);
  return out;
}

}  // namespace crm
