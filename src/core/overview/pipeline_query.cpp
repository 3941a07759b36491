#include "core/overview/pipeline_query.hpp"

#include <string>

#include "core/lists/list_counts.hpp"
#include "core/lists/page_ids.hpp"
#include "core/records/record_rows.hpp"

// The board's lead set is leads.in_pipeline (no company, or a LEAD company), visibility is
// leads.scope (migration 8): totals come from list_counts' "pipeline" rows and each column's
// cards from one index range per scope.
namespace crm::overview {
namespace {

std::size_t stage_index(LeadStage s) { return static_cast<std::size_t>(s); }

}  // namespace

std::vector<StageSnapshot> pipeline_stage_totals(sql::Connection& conn, const Actor& actor) {
  std::vector<StageSnapshot> out;
  for (LeadStage s : kAllStages) out.push_back({s, 0, 0});
  for (const auto& [bucket, total] :
       lists::totals_by_bucket(conn, "pipeline", lists::record_scopes(actor))) {
    const auto stage = parse_lead_stage(bucket);
    if (!stage) continue;
    out[stage_index(*stage)].count = total.count;
    out[stage_index(*stage)].revenue = total.revenue;
  }
  return out;
}

void fill_pipeline_cards(sql::Connection& conn, const Actor& actor, int per_stage,
                         std::vector<PipelineColumn>& columns) {
  std::vector<std::string> ids;
  for (LeadStage s : kAllStages) {
    const auto column = lists::page_ids(conn, {"leads l",
                                               "l.id",
                                               "l.updated_at",
                                               "l.scope",
                                               lists::record_scopes(actor),
                                               "l.in_pipeline = 1 AND l.stage = ?",
                                               {std::string(to_string(s))},
                                               per_stage,
                                               0});
    ids.insert(ids.end(), column.begin(), column.end());
  }
  if (ids.empty()) return;
  const auto res = conn.query("SELECT " + rows::lead_columns("l", "l_") +
                                  ", ct.full_name AS contact_name, c.name AS company_name "
                                  "FROM leads l LEFT JOIN companies c ON c.id = l.company_id "
                                  "LEFT JOIN contacts ct ON ct.id = l.contact_id WHERE " +
                                  conn.in_text_list("l.id"),
                              sql::Connection::text_list(ids));
  std::vector<PipelineCard> cards;
  for (const auto& r : res.rows)
    cards.push_back({rows::row_to_lead(r, "l_"), r.opt_text("contact_name").value_or(""),
                     r.opt_text("company_name")});
  for (auto& card :
       lists::in_page_order(ids, std::move(cards), [](const PipelineCard& c) { return c.lead.id; }))
    columns[stage_index(card.lead.stage)].leads.push_back(std::move(card));
}

}  // namespace crm::overview
