// POST /api/ai: draft | summarize | suggest for a lead.
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/ai.hpp"
#include "crm/error.hpp"

namespace crm::rest::handlers {

Response ai_assist(Context& ctx) {
  const json::object& body = ctx.body();
  const auto action = opt_string(body, "action");
  if (!action) throw Error::invalid("action is required (draft, summarize or suggest)");
  AiRequest request;
  const auto parsed = parse_ai_action(*action);
  if (!parsed) throw_invalid_enum("action", *action);
  request.action = *parsed;
  const auto lead_id = opt_string(body, "leadId");
  if (!lead_id || lead_id->empty()) throw Error::invalid("leadId is required");
  request.lead_id = *lead_id;
  request.channel = opt_enum<AiChannel>(body, "channel", parse_ai_channel);
  return data(json::object{{"text", ctx.engine().ai().assist(ctx.actor(), request)}});
}

}  // namespace crm::rest::handlers
