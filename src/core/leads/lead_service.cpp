// LeadService writes: create, field updates and every stage move (through change_lead_stage).
// list/get live in lead_list.cpp / lead_detail.cpp, notes in lead_notes.cpp.
#include "core/contacts/contact_store.hpp"
#include "core/contacts/contact_writer.hpp"
#include "core/leads/lead_store.hpp"
#include "core/leads/lead_writer.hpp"
#include "core/leads/stage_change.hpp"
#include "core/leads/stage_rule.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"

namespace crm {
namespace {

// The stored fields and their limits (docs/decisions.md "Input limits").
constexpr auto kContactId = validate::line_field("contactId");
constexpr auto kCompanyId = validate::line_field("companyId");
constexpr auto kSource = validate::line_field("source");
constexpr auto kSourceCampaign = validate::line_field("sourceCampaign");
constexpr auto kLostReason = validate::line_field("lostReason");
constexpr auto kReason = validate::line_field("reason");
constexpr validate::CountField kEstimatedUnits{"estimatedUnits"};
constexpr validate::MoneyField kEstimatedRevenue{"estimatedRevenue"};

// The company of a new lead: the one asked for (visible to the actor, else kNotFound) or the
// contact's. A lead and its contact share their company when both have one.
std::optional<std::string> lead_company(sql::Connection& conn, const Actor& actor,
                                        const Contact& contact,
                                        const std::optional<std::string>& requested) {
  auto company_id = validate::text(kCompanyId, requested);
  if (!company_id) return contact.company_id;
  visibility::require_company(conn, actor, *company_id);
  if (contact.company_id && *contact.company_id != *company_id)
    throw Error::invalid("contactId must be a contact of the lead's company (companyId)");
  return company_id;
}

}  // namespace

LeadService::LeadService(detail::Runtime& rt) : rt_(rt) {}

Lead LeadService::create(const Actor& actor, const NewLead& in) {
  const std::string contact_id = validate::required(kContactId, in.contact_id);
  const auto estimated_units = validate::count(kEstimatedUnits, in.estimated_units);
  const auto estimated_revenue = validate::money(kEstimatedRevenue, in.estimated_revenue);
  const LeadStage stage = in.stage.value_or(LeadStage::kNewLead);
  const auto source = validate::text(kSource, in.source);
  const auto source_campaign = validate::text(kSourceCampaign, in.source_campaign);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Contact contact = contact_store::require_visible(conn, actor, contact_id);
    const auto company_id = lead_company(conn, actor, contact, in.company_id);

    const std::string id =
        lead_writer::insert(conn, rt_,
                            {contact.id, company_id, actor.user_id, stage, source, source_campaign,
                             estimated_units, estimated_revenue},
                            actor.user_id);
    rt_.invalidate_dashboard_on_commit(tx);
    return *lead_store::find(conn, id);
  });
}

Lead LeadService::update(const Actor& actor, std::string_view id, const LeadUpdate& u) {
  storage::Assignments fields;
  if (auto source = validate::patch(kSource, u.source)) fields.set("source", *source);
  if (auto units = validate::count(kEstimatedUnits, u.estimated_units))
    fields.set("estimated_units", *units);
  if (auto revenue = validate::money(kEstimatedRevenue, u.estimated_revenue))
    fields.set("estimated_revenue", *revenue);
  const auto lost_reason = validate::patch(kLostReason, u.lost_reason).value_or(std::nullopt);
  if (u.lost_reason) fields.set("lost_reason", lost_reason);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Lead lead = lead_store::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    stage_rule::check_lost_reason(u.stage.value_or(lead.stage), lost_reason);
    if (u.contact) {
      // Seeing the lead is not enough to edit its contact: the contact's own visibility rules.
      const Contact contact =
          contact_store::require_visible(conn, actor, lead.contact_id, sql::Lock::kForUpdate);
      contact_writer::update(conn, rt_, actor, contact, *u.contact);
      lead = *lead_store::find(conn, lead.id);  // it may have joined the contact's new company
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
  const auto checked_reason = validate::text(kReason, reason);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Lead current = lead_store::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    Lead lead = change_lead_stage(conn, rt_, current, to, actor.user_id, checked_reason);
    rt_.invalidate_dashboard_on_commit(tx);
    return lead;
  });
}

Lead LeadService::remove(const Actor& actor, std::string_view id) {
  return change_stage(actor, id, LeadStage::kBogus);
}

}  // namespace crm
