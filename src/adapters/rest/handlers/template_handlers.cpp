// /api/message-templates*.
#include "adapters/rest/codecs/automation_codecs.hpp"
#include "adapters/rest/handlers/automation_handlers.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/message_templates.hpp"

namespace crm::rest::handlers {
namespace {

TemplateInput template_input(const json::object& body) {
  TemplateInput in;
  if (has_key(body, "name")) in.name = opt_string(body, "name").value_or("");
  in.channel = opt_enum<TemplateChannel>(body, "channel", parse_template_channel);
  in.subject = nullable_string(body, "subject");
  if (has_key(body, "body")) in.body = opt_string(body, "body").value_or("");
  in.is_active = opt_bool(body, "isActive");
  return in;
}

}  // namespace

Response list_message_templates(Context& ctx) {
  TemplateQuery q;
  q.channel = query_enum<TemplateChannel>(ctx, "channel", parse_template_channel);
  q.category = query_enum<TemplateCategory>(ctx, "category", parse_template_category);
  q.active = query_active(ctx, ActiveFilter::kActive);
  return data(to_array(ctx.engine().templates().list(q), codec::message_template));
}

Response create_message_template(Context& ctx) {
  return data(codec::message_template(
                  ctx.engine().templates().create(ctx.actor(), template_input(ctx.body()))),
              201);
}

Response update_message_template(Context& ctx) {
  return data(codec::message_template(
      ctx.engine().templates().update(ctx.actor(), ctx.param("id"), template_input(ctx.body()))));
}

Response delete_message_template(Context& ctx) {
  ctx.engine().templates().remove(ctx.actor(), ctx.param("id"));
  return json_response(200, json::object{{"success", true}});
}

}  // namespace crm::rest::handlers
