#include "core/overview/pipeline_query.hpp"

#include <string>

#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/storage/money_sum.hpp"

namespace crm::overview {
namespace {

// FROM + WHERE of the pipeline's lead set, appending its parameters to `params`.
std::string pipeline_from_where(const Actor& actor, std::vector<sql::Value>& params) {
  return "FROM leads l LEFT JOIN companies c ON c.id = l.company_id "
         "WHERE (l.company_id IS NULL OR c.status = 'LEAD') AND " +
         visibility::optional_company_condition(actor, "l.company_id", "c", params);
}

std::size_t stage_index(LeadStage s) { return static_cast<std::size_t>(s); }

}  // namespace

std::vector<StageSnapshot> pipeline_stage_totals(sql::Connection& conn, const Actor& actor) {
  std::vector<StageSnapshot> out;
  for (LeadStage s : kAllStages) out.push_back({s, 0, 0});
  std::vector<sql::Value> params;
  const std::string sql = "SELECT l.stage AS stage, COUNT(*) AS n, " +
                          storage::money_sum_columns("l.estimated_revenue", "revenue") + " " +
                          pipeline_from_where(actor, params) + " GROUP BY l.stage";
  const auto res = conn.run(sql, params);
  for (const auto& r : res.rows) {
    const auto stage = parse_lead_stage(r.text("stage"));
    if (!stage) continue;
    auto& snap = out[stage_index(*stage)];
    snap.count = r.integer("n");
    snap.revenue = storage::read_money_sum(r, "revenue");
  }
  return out;
}

void fill_pipeline_cards(sql::Connection& conn, const Actor& actor, int per_stage,
                         std::vector<PipelineColumn>& columns) {
  // One LIMITed branch per stage, so each walks leads_pipeline newest-first and stops
  // after `per_stage` matches instead of ranking every lead of the board.
  std::string sql;
  std::vector<sql::Value> params;
  int branch = 0;
  for (LeadStage s : kAllStages) {
    if (!sql.empty()) sql += " UNION ALL ";
    params.emplace_back(std::string(to_string(s)));
    sql += "SELECT * FROM (SELECT " + rows::lead_columns("l", "l_") +
           ", ct.full_name AS contact_name, c.name AS company_name "
           "FROM leads l LEFT JOIN companies c ON c.id = l.company_id "
           "LEFT JOIN contacts ct ON ct.id = l.contact_id "
           "WHERE l.stage = ? AND (l.company_id IS NULL OR c.status = 'LEAD') AND " +
           visibility::optional_company_condition(actor, "l.company_id", "c", params) +
           " ORDER BY l.updated_at DESC, l.id DESC LIMIT ?) AS s" + std::to_string(branch++);
    params.emplace_back(std::int64_t{per_stage});
  }
  for (const auto& r : conn.run(sql, params).rows) {
    PipelineCard card{rows::row_to_lead(r, "l_"), r.opt_text("contact_name").value_or(""),
                      r.opt_text("company_name")};
    columns[stage_index(card.lead.stage)].leads.push_back(std::move(card));
  }
}

}  // namespace crm::overview
