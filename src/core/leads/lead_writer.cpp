#include "core/leads/lead_writer.hpp"

#include "core/activity/activity_log.hpp"
#include "core/leads/lead_score_store.hpp"
#include "core/leads/stage_change.hpp"
#include "core/lists/derived_columns.hpp"
#include "core/runtime.hpp"

namespace crm::lead_writer {

std::string insert(sql::Connection& conn, const detail::Runtime& rt, const NewLeadRow& in,
                   const std::optional<std::string>& actor_user_id,
                   const std::optional<lead_score::FitInputs>& fit) {
  const std::string id = rt.new_id();
  const TimeMs now = rt.now();
  const bool won = in.stage == LeadStage::kWon;
  // The derived visibility columns (migration 8) go in with the row, so that SQLite's insert
  // trigger need not write it a second time (migration 10); PostgreSQL derives them before the
  // write whatever is supplied. Without a company they are the shared pool's.
  const std::string sql =
      "INSERT INTO leads (id, contact_id, company_id, owner_id, stage, stage_changed_at, source, "
      "source_campaign, estimated_units, estimated_revenue, won_at, created_at, updated_at, "
      "scope, in_pipeline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " +
      (in.company_id ? lists::lead_scope_of("?") + ", " + lists::lead_in_pipeline_of("?") + ")"
                     : std::string("'', 1)"));
  auto run = [&](const auto&... company) {
    conn.query(sql, id, in.contact_id, in.company_id, in.owner_id, to_string(in.stage), now,
               in.source, in.source_campaign, in.estimated_units, in.estimated_revenue,
               won ? std::optional<TimeMs>(now) : std::nullopt, now, now, company...);
  };
  if (in.company_id)
    run(*in.company_id, *in.company_id, *in.company_id);  // scope, then in_pipeline's two
  else
    run();
  if (fit)
    lead_score::insert_new(conn, rt, id, lead_score::fit(*fit));
  else
    lead_score::refresh_fit(conn, rt, id);
  activity::append(conn, rt,
                   {"lead_created", id, in.company_id, actor_user_id,
                    boost::json::object{{"source", in.source ? boost::json::value(*in.source)
                                                             : boost::json::value(nullptr)},
                                        {"stage", to_string(in.stage)}}});
  if (won && in.company_id) move_company_to_customer(conn, rt, *in.company_id, id, actor_user_id);
  return id;
}

}  // namespace crm::lead_writer
