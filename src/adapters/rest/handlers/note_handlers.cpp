// Notes under /api/companies/[id]/notes and /api/leads/[id]/notes (both company-scoped).
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/companies.hpp"
#include "crm/leads.hpp"

namespace crm::rest::handlers {
namespace {

// Absent or null reads as "", which the service rejects as "body is required".
std::string note_body(const Context& ctx) { return opt_string(ctx.body(), "body").value_or(""); }

Response deleted() { return json_response(200, json::object{{"success", true}}); }

}  // namespace

Response list_company_notes(Context& ctx) {
  return data(
      to_array(ctx.engine().companies().list_notes(ctx.actor(), ctx.param("id")), codec::note));
}

Response create_company_note(Context& ctx) {
  return data(
      codec::note(ctx.engine().companies().add_note(ctx.actor(), ctx.param("id"), note_body(ctx))),
      201);
}

Response update_company_note(Context& ctx) {
  return data(codec::note(ctx.engine().companies().update_note(
      ctx.actor(), ctx.param("id"), ctx.param("noteId"), note_body(ctx))));
}

Response delete_company_note(Context& ctx) {
  ctx.engine().companies().delete_note(ctx.actor(), ctx.param("id"), ctx.param("noteId"));
  return deleted();
}

Response list_lead_notes(Context& ctx) {
  return data(to_array(ctx.engine().leads().list_notes(ctx.actor(), ctx.param("id")), codec::note));
}

Response create_lead_note(Context& ctx) {
  return data(
      codec::note(ctx.engine().leads().add_note(ctx.actor(), ctx.param("id"), note_body(ctx))),
      201);
}

Response update_lead_note(Context& ctx) {
  return data(codec::note(ctx.engine().leads().update_note(ctx.actor(), ctx.param("id"),
                                                           ctx.param("noteId"), note_body(ctx))));
}

Response delete_lead_note(Context& ctx) {
  ctx.engine().leads().delete_note(ctx.actor(), ctx.param("id"), ctx.param("noteId"));
  return deleted();
}

}  // namespace crm::rest::handlers
