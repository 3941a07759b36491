// /api/companies and /api/companies/[id].
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/companies.hpp"

namespace crm::rest::handlers {
namespace {

template <class T, class F>
json::value opt_object(const std::optional<T>& v, F&& encode) {
  return v ? json::value(encode(*v)) : json::value(nullptr);
}

CompanyInput company_input(const json::object& body) {
  CompanyInput in;
  // A present name must not be blank or null; the service rejects "".
  if (has_key(body, "name")) in.name = opt_string(body, "name").value_or("");
  in.website = nullable_string(body, "website");
  in.phone = nullable_string(body, "phone");
  in.industry = nullable_string(body, "industry");
  in.icp_tag = nullable_string(body, "icpTag");
  in.business_label = nullable_string(body, "businessLabel");
  in.status = opt_enum<CompanyStatus>(body, "status", parse_company_status);
  in.source = nullable_string(body, "source");
  in.vendor = nullable_string(body, "vendor");
  in.sales_note = nullable_string(body, "salesNote");
  in.taxable = opt_bool(body, "taxable");
  in.assigned_rep_id = nullable_string(body, "assignedRepId");
  in.time_zone = nullable_string(body, "timeZone");
  return in;
}

json::object list_item(const CompanyListItem& item) {
  json::object out = codec::company(item.company);
  out["primaryContact"] = opt_object(item.primary_contact, codec::contact);
  out["lifetimeValue"] = money(item.lifetime_value);
  out["activeDeals"] = item.active_deals;
  out["lastActivityAt"] = opt_iso(item.last_activity_at);
  out["assignedRep"] = opt_object(item.assigned_rep, codec::user_summary);
  return out;
}

json::object timeline(const OpenLeadTimeline& t) {
  return {{"lead", codec::lead(t.lead)},
          {"stageHistory", to_array(t.stage_history, codec::activity)},
          {"nextTask", opt_object(t.next_task, codec::task)}};
}

json::object detail(const CompanyDetail& d) {
  json::object out = codec::company(d.company);
  out["assignedRep"] = opt_object(d.assigned_rep, codec::user_summary);
  out["addresses"] = to_array(d.addresses, codec::address);
  out["contacts"] = to_array(d.contacts, codec::contact);
  out["leads"] = to_array(d.leads, codec::lead);
  out["devices"] = to_array(d.devices, codec::device);
  out["invoices"] = to_array(d.invoices, codec::invoice_summary);
  out["tasks"] = to_array(d.tasks, codec::task);
  out["openLeadTimeline"] = opt_object(d.open_lead_timeline, timeline);
  return out;
}

}  // namespace

Response list_companies(Context& ctx) {
  CompanyQuery q;
  q.search = ctx.query("search");
  q.status = query_enum<CompanyStatus>(ctx, "status", parse_company_status);
  q.partner_only = ctx.query_flag("partner");
  q.page = ctx.page();
  const auto page = ctx.engine().companies().list(ctx.actor(), q);
  return paged(to_array(page.items, list_item), page.info);
}

Response create_company(Context& ctx) {
  CompanyInput in = company_input(ctx.body());
  if (!in.name) in.name = "";  // required: the service answers "name is required"
  return data(codec::company(ctx.engine().companies().create(ctx.actor(), in)), 201);
}

Response get_company(Context& ctx) {
  return data(detail(ctx.engine().companies().get(ctx.actor(), ctx.param("id"))));
}

Response update_company(Context& ctx) {
  return data(codec::company(
      ctx.engine().companies().update(ctx.actor(), ctx.param("id"), company_input(ctx.body()))));
}

}  // namespace crm::rest::handlers
