// /api/taxonomies*, /api/taxonomy/values, /api/form-options, /api/settings.
#include "adapters/rest/codecs/billing_codecs.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/error.hpp"
#include "crm/reference.hpp"

namespace crm::rest::handlers {
namespace {

TaxonomyInput taxonomy_input(const json::object& body) {
  TaxonomyInput in;
  in.type = opt_enum<TaxonomyType>(body, "type", parse_taxonomy_type);
  if (has_key(body, "value")) in.value = opt_string(body, "value").value_or("");
  in.sort_order = opt_int(body, "sortOrder");
  in.is_active = opt_bool(body, "active");
  return in;
}

}  // namespace

Response list_taxonomies(Context& ctx) {
  const auto type = query_enum<TaxonomyType>(ctx, "type", parse_taxonomy_type);
  const auto items =
      ctx.engine().reference().list_taxonomies(type, query_active(ctx, ActiveFilter::kActive));
  if (type) return data(to_array(items, codec::taxonomy));
  json::object grouped;
  for (TaxonomyType t : kAllTaxonomyTypes) grouped[to_string(t)] = json::array();
  for (const auto& item : items)
    grouped[to_string(item.type)].as_array().push_back(codec::taxonomy(item));
  return data(grouped);
}

Response create_taxonomy(Context& ctx) {
  return data(codec::taxonomy(ctx.engine().reference().create_taxonomy(ctx.actor(),
                                                                       taxonomy_input(ctx.body()))),
              201);
}

Response update_taxonomy(Context& ctx) {
  return data(codec::taxonomy(ctx.engine().reference().update_taxonomy(
      ctx.actor(), ctx.param("id"), taxonomy_input(ctx.body()))));
}

Response delete_taxonomy(Context& ctx) {
  ctx.engine().reference().delete_taxonomy(ctx.actor(), ctx.param("id"));
  return json_response(200, json::object{{"success", true}});
}

Response list_taxonomy_values(Context& ctx) {
  const auto type = query_enum<TaxonomyType>(ctx, "type", parse_taxonomy_type);
  if (!type) throw Error::invalid("type is required");
  return data(to_array(ctx.engine().reference().taxonomy_values(*type), codec::taxonomy_value));
}

Response get_form_options(Context& ctx) {
  return data(codec::form_options(ctx.engine().reference().form_options()));
}

Response get_settings(Context& ctx) {
  json::object out;
  for (const auto& [key, value] : ctx.engine().settings().all(ctx.actor())) out[key] = value;
  return data(out);
}

Response update_settings(Context& ctx) {
  const auto& body = ctx.body();
  const auto key = opt_string(body, "key");
  if (!key) throw Error::invalid("key is required");
  if (!has_key(body, "value")) throw Error::invalid("value is required");
  const auto value = nullable_string(body, "value");
  ctx.engine().settings().set(ctx.actor(), *key, *value);
  const bool secret = SettingsService::is_secret(*key);
  return data(
      json::object{{"key", *key},
                   {"value", secret || !*value ? json::value(nullptr) : json::value(**value)},
                   {"isSecret", secret}});
}

}  // namespace crm::rest::handlers
