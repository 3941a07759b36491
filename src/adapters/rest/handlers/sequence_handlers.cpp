// /api/sequences*: definitions, their active runs, one run with its planned steps, cancel.
#include <boost/json/serialize.hpp>

#include "adapters/rest/codecs/automation_codecs.hpp"
#include "adapters/rest/handlers/automation_handlers.hpp"
#include "crm/sequences.hpp"

namespace crm::rest::handlers {

Response list_sequences(Context& ctx) {
  return data(to_array(ctx.engine().sequences().list(), codec::sequence_definition));
}

Response get_sequence(Context& ctx) {
  return data(codec::sequence_definition(ctx.engine().sequences().get(ctx.param("tagSlug"))));
}

// steps and sendWindow go to the service as JSON text: it reports every problem in them at
// once, type errors included.
Response update_sequence(Context& ctx) {
  const auto& body = ctx.body();
  SequencePatch p;
  if (has_key(body, "name")) p.name = opt_string(body, "name").value_or("");
  p.description = nullable_string(body, "description");
  p.is_active = opt_bool(body, "isActive");
  if (const auto* steps = body.if_contains("steps")) p.steps_json = json::serialize(*steps);
  if (const auto* window = body.if_contains("sendWindow"))
    p.send_window_json = window->is_null() ? std::optional<std::string>()
                                           : std::optional<std::string>(json::serialize(*window));
  return data(codec::sequence_definition(
      ctx.engine().sequences().update(ctx.actor(), ctx.param("tagSlug"), p)));
}

Response list_sequence_active_runs(Context& ctx) {
  return data(to_array(ctx.engine().sequences().active_runs(ctx.actor(), ctx.param("tagSlug")),
                       codec::run_view));
}

Response get_sequence_run(Context& ctx) {
  return data(codec::run_detail(ctx.engine().sequences().get_run(ctx.actor(), ctx.param("runId"))));
}

Response cancel_sequence_run(Context& ctx) {
  return data(codec::run(ctx.engine().sequences().cancel_run(ctx.actor(), ctx.param("runId"))));
}

}  // namespace crm::rest::handlers
