// LeadService writes: create, field updates and every stage move (through change_lead_stage).
// list/get live in lead_list.cpp / lead_detail.cpp, notes in lead_notes.cpp.
#include "core/contacts/contact_store.hpp"
#include "core/contacts/contact_writer.hpp"
#include "core/leads/lead_store.hpp"
#include "core/leads/lead_writer.hpp"
#include "core/leads/stage_change.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"

namespace crm {
namespace {

void check_non_negative(std::string_view field, const std::optional<std::int64_t>& value) {
  if (value && *value < 0)
    throw Error::invalid(std::string(field) + " must be greater than or equal to 0");
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

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Contact contact = contact_store::require_visible(conn, actor, contact_id);
    auto company_id = validate::optional_trimmed(in.company_id);
    if (company_id)
      visibility::require_company(conn, actor, *company_id);
    else
      company_id = contact.company_id;

    const std::string id = lead_writer::insert(
        conn, rt_,
        {contact.id, company_id, actor.user_id, stage, source,
         validate::optional_trimmed(in.source_campaign), in.estimated_units, in.estimated_revenue},
        actor.user_id);
    rt_.invalidate_dashboard_on_commit(tx);
    return *lead_store::find(conn, id);
  });
}

Lead LeadService::update(const Actor& actor, std::string_view id, const LeadUpdate& u) {
  if (u.estimated_units) check_non_negative("estimatedUnits", *u.estimated_units);
  if (u.estimated_revenue) check_non_negative("estimatedRevenue", *u.estimated_revenue);
  storage::Assignments fields;
  if (u.source) fields.set("source", trimmed(u.source).value_or(std::nullopt));
  if (u.estimated_units) fields.set("estimated_units", *u.estimated_units);
  if (u.estimated_revenue) fields.set("estimated_revenue", *u.estimated_revenue);
  const auto lost_reason = trimmed(u.lost_reason).value_or(std::nullopt);
  if (u.lost_reason) fields.set("lost_reason", lost_reason);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Lead lead = lead_store::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    if (u.contact) {
      const auto contact = contact_store::find(conn, lead.contact_id);
      if (!contact) throw Error::internal("Lead has no contact");
      contact_writer::update(conn, rt_, actor, *contact, *u.contact);
    }
    if (!fields.empty()) {
      storage::Assignments with_time = fields;
      with_time.set("updated_at", rt_.now());
      with_time.update_by_id(conn, "leads", lead.id);
      lead = *lead_store::find(conn, lead.id);
    }
    if (u.stage) lead = change_lead_stage(conn, rt_, lead, *u.stage, actor.user_id, lost_reason);
    rt_.invalidate_dashboard_on_commit(tx);
    return lead;
  });
}

Lead LeadService::change_stage(const Actor& actor, std::string_view id, LeadStage to,
                               const std::optional<std::string>& reason) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Lead current = lead_store::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    Lead lead = change_lead_stage(conn, rt_, current, to, actor.user_id,
                                  validate::optional_trimmed(reason));
    rt_.invalidate_dashboard_on_commit(tx);
    return lead;
  });
}

Lead LeadService::remove(const Actor& actor, std::string_view id) {
  return change_stage(actor, id, LeadStage::kBogus);
}

}  // namespace crm
