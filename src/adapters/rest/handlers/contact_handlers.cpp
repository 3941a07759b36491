// /api/contacts*: list, create, detail, update, delete.
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/contact_body.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/contacts.hpp"

namespace crm::rest::handlers {
namespace {

json::value company_or_null(const std::optional<CompanySummary>& c) {
  return c ? json::value(codec::company_summary(*c)) : json::value(nullptr);
}

}  // namespace

ContactInput contact_input(const json::object& body) {
  ContactInput in;
  in.first_name = opt_string(body, "firstName");
  in.last_name = opt_string(body, "lastName");
  in.email = nullable_string(body, "email");
  in.phone = nullable_string(body, "phone");
  in.company_id = nullable_string(body, "companyId");
  in.title = nullable_string(body, "title");
  in.source = nullable_string(body, "source");
  in.is_sms_eligible = opt_bool(body, "isSmsEligible");
  in.notes = nullable_string(body, "notes");
  in.time_zone = nullable_string(body, "timeZone");
  return in;
}

Response list_contacts(Context& ctx) {
  ContactQuery q;
  q.search = ctx.query("search");
  q.company_id = ctx.query("companyId");
  if (q.company_id && q.company_id->empty()) q.company_id.reset();
  q.page = ctx.page();
  const auto page = ctx.engine().contacts().list(ctx.actor(), q);
  return paged(to_array(page.items,
                        [](const ContactListItem& item) {
                          json::object out = codec::contact(item.contact);
                          out["company"] = company_or_null(item.company);
                          return out;
                        }),
               page.info);
}

Response create_contact(Context& ctx) {
  return data(
      codec::contact(ctx.engine().contacts().create(ctx.actor(), contact_input(ctx.body()))), 201);
}

Response get_contact(Context& ctx) {
  const auto detail = ctx.engine().contacts().get(ctx.actor(), ctx.param("id"));
  json::object out = codec::contact(detail.contact);
  out["company"] = company_or_null(detail.company);
  out["leadCount"] = detail.lead_count;
  return data(out);
}

Response update_contact(Context& ctx) {
  return data(codec::contact(
      ctx.engine().contacts().update(ctx.actor(), ctx.param("id"), contact_input(ctx.body()))));
}

Response delete_contact(Context& ctx) {
  ctx.engine().contacts().remove(ctx.actor(), ctx.param("id"));
  return json_response(200, json::object{{"success", true}});
}

}  // namespace crm::rest::handlers
