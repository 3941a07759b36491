// LeadService writes: create, field updates and every stage move (through change_lead_stage).
// list/get live in lead_list.cpp / lead_detail.cpp, notes in lead_notes.cpp.
#include "core/activity/activity_log.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/contacts/contact_writer.hpp"
#include "core/leads/lead_score_store.hpp"
#include "core/leads/lead_store.hpp"
#include "core/leads/stage_change.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"

namespace crm {
namespace {

void check_non_negative(std::string_view field, const std::optional<std::int64_t>& value) {
  if (value && *value < 0) throw Error::invalid(std::string(field) + " must be greater than or equal to 0");
}

// A Nullable field as the two parameters "CASE WHEN ? THEN ? ELSE col END" takes.
template <class T>
std::pair<bool, std::optional<T>> set_param(const Nullable<T>& field) {
  return {field.has_value(), field ? *field : std::nullopt};
}

Nullable<std::string> trimmed(const Nullable<std::string>& field) {
  if (!field) return std::nullopt;
  return validate::optional_trimmed(*field);
}

}  // namespace

LeadService::LeadService(detail::Runtime& rt) : rt_(rt) {}

Lead LeadService::create(const Actor& actor, const NewLead& in) {
  const std::string contact_id = validate::required("contactId", in.contact_id);
  check_non_negative("estimatedUnits", in.estimated_units);
  check_non_negative("estimatedRevenue", in.estimated_revenue);
  const LeadStage stage = in.stage.value_or(LeadStage::kNewLead);
  const auto source = validate::optional_trimmed(in.source);

  auto tx = rt_.db->write();
  auto& conn = tx->connection();
  const Contact contact = contact_store::require_visible(conn, actor, contact_id);
  auto company_id = validate::optional_trimmed(in.company_id);
  if (company_id) visibility::require_company(conn, actor, *company_id);
  else company_id = contact.company_id;

  const std::string id = rt_.new_id();
  const TimeMs now = rt_.now();
  const bool won = stage == LeadStage::kWon;
  conn.query(
      "INSERT INTO leads (id, contact_id, company_id, owner_id, stage, stage_changed_at, source, source_campaign, "
      "estimated_units, estimated_revenue, won_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      id, contact.id, company_id, actor.user_id, to_string(stage), now, source,
      validate::optional_trimmed(in.source_campaign), in.estimated_units, in.estimated_revenue,
      won ? std::optional<TimeMs>(now) : std::nullopt, now, now);
  lead_score::refresh_fit(conn, rt_, id);
  activity::append(conn, rt_,
                   {"lead_created", id, company_id, actor.user_id,
                    boost::json::object{{"source", source ? boost::json::value(*source) : boost::json::value(nullptr)},
                                        {"stage", to_string(stage)}}});
  // A lead created as WON has the effect of entering WON on its company.
  if (won && company_id) move_company_to_customer(conn, rt_, *company_id, id, actor.user_id);
  Lead lead = *lead_store::find(conn, id);
  tx->commit();
  rt_.dashboard_cache.invalidate();
  return lead;
}

Lead LeadService::update(const Actor& actor, std::string_view id, const LeadUpdate& u) {
  if (u.estimated_units) check_non_negative("estimatedUnits", *u.estimated_units);
  if (u.estimated_revenue) check_non_negative("estimatedRevenue", *u.estimated_revenue);
  const auto source = set_param(trimmed(u.source));
  const auto lost_reason = set_param(trimmed(u.lost_reason));
  const auto units = set_param(u.estimated_units);
  const auto revenue = set_param(u.estimated_revenue);

  auto tx = rt_.db->write();
  auto& conn = tx->connection();
  Lead lead = lead_store::require_visible(conn, actor, id);
  if (u.contact) {
    const auto contact = contact_store::find(conn, lead.contact_id);
    if (!contact) throw Error::internal("Lead has no contact");
    contact_writer::update(conn, rt_, actor, *contact, *u.contact);
  }
  if (u.source || u.estimated_units || u.estimated_revenue || u.lost_reason) {
    conn.query(
        "UPDATE leads SET source = CASE WHEN ? THEN ? ELSE source END, "
        "estimated_units = CASE WHEN ? THEN ? ELSE estimated_units END, "
        "estimated_revenue = CASE WHEN ? THEN ? ELSE estimated_revenue END, "
        "lost_reason = CASE WHEN ? THEN ? ELSE lost_reason END, updated_at = ? WHERE id = ?",
        source.first, source.second, units.first, units.second, revenue.first, revenue.second, lost_reason.first,
        lost_reason.second, rt_.now(), lead.id);
    lead = *lead_store::find(conn, lead.id);
  }
  if (u.stage) lead = change_lead_stage(conn, rt_, lead, *u.stage, actor.user_id, lost_reason.second);
  tx->commit();
  rt_.dashboard_cache.invalidate();
  return lead;
}

Lead LeadService::change_stage(const Actor& actor, std::string_view id, LeadStage to,
                               const std::optional<std::string>& reason) {
  auto tx = rt_.db->write();
  auto& conn = tx->connection();
  const Lead current = lead_store::require_visible(conn, actor, id);
  Lead lead = change_lead_stage(conn, rt_, current, to, actor.user_id, validate::optional_trimmed(reason));
  tx->commit();
  rt_.dashboard_cache.invalidate();
  return lead;
}

Lead LeadService::remove(const Actor& actor, std::string_view id) {
  return change_stage(actor, id, LeadStage::kBogus);
}

}  // namespace crm
