// /api/leads*: list, create, detail, update, stage moves, soft delete.
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/codecs/direct_codecs.hpp"
#include "adapters/rest/handlers/contact_body.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"

namespace crm::rest::handlers {
namespace {

json::value score_or_null(const std::optional<LeadScore>& s) {
  return s ? json::value(codec::lead_score(*s)) : json::value(nullptr);
}

json::object detail_json(const LeadDetail& d) {
  json::object out = codec::lead(d.lead);
  out["contact"] = codec::contact(d.contact);
  out["company"] = d.company ? json::value(codec::company(*d.company)) : json::value(nullptr);
  out["tags"] = to_array(d.tags, codec::tag_summary);
  out["tasks"] = to_array(d.open_tasks, codec::task);
  out["activities"] = to_array(d.activities, codec::activity);
  out["sequenceRuns"] = to_array(d.active_runs, codec::sequence_run);
  out["invoices"] = to_array(d.invoices, codec::invoice_summary);
  out["score"] = score_or_null(d.score);
  return out;
}

LeadStage required_stage(const json::object& body) {
  const auto stage = opt_enum<LeadStage>(body, "stage", parse_lead_stage);
  if (!stage) throw Error::invalid("stage is required");
  return *stage;
}

}  // namespace

Response list_leads(Context& ctx) {
  LeadQuery q;
  q.search = ctx.query("search");
  q.stage = query_enum<LeadStage>(ctx, "stage", parse_lead_stage);
  q.source = ctx.query("source");
  q.icp = ctx.query("icp");
  q.page = ctx.page();
  // The list's fixed shape is written straight into the body (direct_codecs.hpp).
  return json_text_response(200, direct::lead_page(ctx.engine().leads().list(ctx.actor(), q)));
}

Response create_lead(Context& ctx) {
  const auto& body = ctx.body();
  NewLead in;
  in.contact_id = opt_string(body, "contactId");
  in.company_id = opt_string(body, "companyId");
  in.source = opt_string(body, "source");
  in.stage = opt_enum<LeadStage>(body, "stage", parse_lead_stage);
  in.source_campaign = opt_string(body, "sourceCampaign");
  in.estimated_units = opt_int(body, "estimatedUnits");
  in.estimated_revenue = opt_money(body, "estimatedRevenue");
  return data(codec::lead(ctx.engine().leads().create(ctx.actor(), in)), 201);
}

Response get_lead(Context& ctx) {
  return data(detail_json(ctx.engine().leads().get(ctx.actor(), ctx.param("id"))));
}

Response update_lead(Context& ctx) {
  const auto& body = ctx.body();
  LeadUpdate u;
  u.stage = opt_enum<LeadStage>(body, "stage", parse_lead_stage);
  u.source = nullable_string(body, "source");
  u.estimated_units = nullable_int(body, "estimatedUnits");
  u.estimated_revenue = nullable_money(body, "estimatedRevenue");
  u.lost_reason = nullable_string(body, "lostReason");
  if (const auto* contact = body.if_contains("contact"); contact && !contact->is_null()) {
    if (!contact->is_object()) throw Error::invalid("contact must be an object");
    u.contact = contact_input(contact->get_object());
  }
  return data(codec::lead(ctx.engine().leads().update(ctx.actor(), ctx.param("id"), u)));
}

Response delete_lead(Context& ctx) {
  return data(codec::lead(ctx.engine().leads().remove(ctx.actor(), ctx.param("id"))));
}

Response change_lead_stage(Context& ctx) {
  const auto& body = ctx.body();
  const LeadStage stage = required_stage(body);
  // lostReason is the lead's field (LOST only, checked by the service); reason is what the
  // move logs, and what a move to LOST stores when no lostReason is given.
  if (auto lost_reason = opt_string(body, "lostReason")) {
    LeadUpdate u;
    u.stage = stage;
    u.lost_reason = std::optional<std::string>(std::move(*lost_reason));
    return data(codec::lead(ctx.engine().leads().update(ctx.actor(), ctx.param("id"), u)));
  }
  return data(codec::lead(ctx.engine().leads().change_stage(ctx.actor(), ctx.param("id"), stage,
                                                            opt_string(body, "reason"))));
}

}  // namespace crm::rest::handlers
