// /api/tags*, /api/leads/[id]/tags.
#include "adapters/rest/codecs/automation_codecs.hpp"
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/automation_handlers.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/error.hpp"
#include "crm/tags.hpp"

namespace crm::rest::handlers {
namespace {

TagInput tag_input(const json::object& body) {
  TagInput in;
  if (has_key(body, "slug")) in.slug = opt_string(body, "slug").value_or("");
  if (has_key(body, "name")) in.name = opt_string(body, "name").value_or("");
  in.color = nullable_string(body, "color");
  in.description = nullable_string(body, "description");
  in.sort_order = opt_int(body, "sortOrder");
  in.is_active = opt_bool(body, "isActive");
  return in;
}

json::array tags_json(const std::vector<TagSummary>& tags) {
  return to_array(tags, codec::tag_summary);
}

}  // namespace

Response list_tags(Context& ctx) {
  TagQuery q;
  q.category = query_enum<TagCategory>(ctx, "category", parse_tag_category);
  q.active = query_active(ctx, ActiveFilter::kActive);
  return data(to_array(ctx.engine().tags().list(q), codec::tag));
}

Response create_tag(Context& ctx) {
  return data(codec::tag(ctx.engine().tags().create(ctx.actor(), tag_input(ctx.body()))), 201);
}

Response update_tag(Context& ctx) {
  return data(
      codec::tag(ctx.engine().tags().update(ctx.actor(), ctx.param("id"), tag_input(ctx.body()))));
}

Response delete_tag(Context& ctx) {
  ctx.engine().tags().remove(ctx.actor(), ctx.param("id"));
  return json_response(200, json::object{{"success", true}});
}

Response list_lead_tags(Context& ctx) {
  return data(tags_json(ctx.engine().tags().lead_tags(ctx.actor(), ctx.param("id"))));
}

// 201 with the lead's active tags (and the run it started) when applied; 200 when the tag was
// already active.
Response apply_lead_tag(Context& ctx) {
  const auto slug = opt_string(ctx.body(), "tagSlug");
  if (!slug || slug->empty()) throw Error::invalid("tagSlug is required");
  const LeadTagsResult r = ctx.engine().tags().apply(ctx.actor(), ctx.param("id"), *slug);
  json::object out{{"data", tags_json(r.tags)}, {"applied", r.applied}};
  if (r.run)
    out["run"] = json::object{
        {"id", r.run->id}, {"status", r.run->status}, {"nextRunAt", opt_iso(r.run->next_run_at)}};
  return json_response(r.applied ? 201 : 200, out);
}

Response remove_lead_tag(Context& ctx) {
  const auto slug = query_text(ctx, "tagSlug");
  if (!slug) throw Error::invalid("tagSlug is required");
  return data(tags_json(ctx.engine().tags().remove_from_lead(ctx.actor(), ctx.param("id"), *slug)));
}

}  // namespace crm::rest::handlers
