#include "core/leads/stage_change.hpp"

#include "core/activity/activity_log.hpp"
#include "core/leads/lead_store.hpp"
#include "core/leads/stage_rule.hpp"
#include "core/runtime.hpp"
#include "core/sequences/run_ops.hpp"
#include "core/storage/assignments.hpp"
#include "crm/error.hpp"

namespace crm {

void move_company_to_customer(sql::Connection& conn, const detail::Runtime& rt,
                              std::string_view company_id,
                              const std::optional<std::string>& lead_id,
                              const std::optional<std::string>& actor_user_id) {
  const auto res = conn.query("SELECT status FROM companies WHERE id = ?", company_id);
  if (res.empty()) return;
  const std::string from = res.first().text("status");
  const std::string to(to_string(CompanyStatus::kCustomer));
  if (from == to) return;
  conn.query("UPDATE companies SET status = ?, updated_at = ? WHERE id = ?", to, rt.now(),
             company_id);
  activity::append(conn, rt,
                   {"status_changed", lead_id, std::string(company_id), actor_user_id,
                    boost::json::object{{"from", from}, {"to", to}}});
}

Lead change_lead_stage(sql::Connection& conn, const detail::Runtime& rt, const Lead& lead,
                       LeadStage to, const std::optional<std::string>& actor_user_id,
                       const std::optional<std::string>& reason) {
  const auto d = stage_rule::decide({lead.stage, lead.lost_reason}, to, reason);
  if (d.no_op) return lead;
  const TimeMs now = rt.now();
  storage::Assignments fields;
  fields.set("stage", to_string(d.to));
  fields.set("stage_changed_at", now);
  fields.set("lost_reason", d.lost_reason);
  if (d.set_won_at) fields.set("won_at", now);
  fields.set("updated_at", now);
  fields.update_by_id(conn, "leads", lead.id);
  activity::append(conn, rt,
                   {"stage_changed", lead.id, lead.company_id, actor_user_id,
                    boost::json::object{{"from", to_string(d.from)},
                                        {"to", to_string(d.to)},
                                        {"reason", reason ? boost::json::value(*reason)
                                                          : boost::json::value(nullptr)}}});
  if (d.cancel_active_runs)
    run_ops::cancel_open_runs(conn, rt, lead.id, lead.company_id, d.cancel_reason, actor_user_id);
  if (d.company_to_customer && lead.company_id)
    move_company_to_customer(conn, rt, *lead.company_id, lead.id, actor_user_id);
  auto stored = lead_store::find(conn, lead.id);
  if (!stored) throw Error::not_found("Lead not found");
  return *stored;
}

}  // namespace crm
