// /api/devices, /api/sims (lists with status counts, single and bulk create), /api/products.
#include "adapters/rest/codecs/billing_codecs.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "core/fulfillment/bulk_rows.hpp"
#include "crm/error.hpp"
#include "crm/fulfillment.hpp"

namespace crm::rest::handlers {
namespace {

DeviceInput device_input(const json::object& o) {
  DeviceInput in;
  in.serial_number = opt_string(o, "serialNumber").value_or("");
  in.model = opt_string(o, "model");
  in.status = opt_enum<DeviceStatus>(o, "status", parse_device_status);
  in.company_id = opt_string(o, "companyId");
  return in;
}

SimInput sim_input(const json::object& o) {
  SimInput in;
  in.iccid = opt_string(o, "iccid").value_or("");
  in.carrier = opt_string(o, "carrier");
  in.phone_number = opt_string(o, "phoneNumber");
  in.status = opt_enum<SimStatus>(o, "status", parse_sim_status);
  return in;
}

// A bulk row whose fields do not even parse is reported invalid, like a row the service refuses.
template <class Input, class Read>
std::vector<bulk_rows::Parsed<Input>> read_rows(const std::vector<const json::object*>& rows,
                                                Read read) {
  std::vector<bulk_rows::Parsed<Input>> out;
  for (const auto* row : rows) {
    try {
      out.push_back({read(*row), "", ""});
    } catch (const Error& e) {
      out.push_back({std::nullopt, "", e.what()});
    }
  }
  return out;
}

template <class Page>
Response counted(const Page& result, json::array items) {
  return json_response(200, json::object{{"data", std::move(items)},
                                         {"pagination", pagination(result.page.info)},
                                         {"counts", codec::counts(result.counts)}});
}

}  // namespace

Response list_devices(Context& ctx) {
  DeviceQuery q;
  q.status = query_enum<DeviceStatus>(ctx, "status", parse_device_status);
  q.company_id = query_text(ctx, "companyId");
  q.search = ctx.query("search");
  q.page = ctx.page();
  const auto result = ctx.engine().inventory().list_devices(ctx.actor(), q);
  return counted(result, to_array(result.page.items, codec::device_list_item));
}

Response create_devices(Context& ctx) {
  const auto& body = ctx.body();
  auto& inventory = ctx.engine().inventory();
  if (!has_key(body, "devices"))
    return data(codec::device(inventory.create_device(ctx.actor(), device_input(body))), 201);
  const auto rows = read_rows<DeviceInput>(object_array(body, "devices"), device_input);
  if (rows.empty()) throw Error::invalid("devices must have at least one device");
  return data(codec::bulk_report(
                  bulk_rows::create_parsed(rows,
                                           [&](const std::vector<DeviceInput>& valid) {
                                             return inventory.create_devices(ctx.actor(), valid);
                                           })),
              201);
}

Response list_sims(Context& ctx) {
  SimQuery q;
  q.status = query_enum<SimStatus>(ctx, "status", parse_sim_status);
  q.search = ctx.query("search");
  q.page = ctx.page();
  const auto result = ctx.engine().inventory().list_sims(ctx.actor(), q);
  return counted(result, to_array(result.page.items, codec::sim_list_item));
}

Response create_sims(Context& ctx) {
  const auto& body = ctx.body();
  auto& inventory = ctx.engine().inventory();
  if (!has_key(body, "sims"))
    return data(codec::sim(inventory.create_sim(ctx.actor(), sim_input(body))), 201);
  const auto rows = read_rows<SimInput>(object_array(body, "sims"), sim_input);
  if (rows.empty()) throw Error::invalid("sims must have at least one SIM");
  return data(codec::bulk_report(bulk_rows::create_parsed(rows,
                                                          [&](const std::vector<SimInput>& valid) {
                                                            return inventory.create_sims(
                                                                ctx.actor(), valid);
                                                          })),
              201);
}

Response list_products(Context& ctx) {
  const auto products = ctx.engine().inventory().list_products(
      ctx.query("search"), query_active(ctx, ActiveFilter::kActive));
  return data(to_array(products, codec::product));
}

Response update_product(Context& ctx) {
  const auto& body = ctx.body();
  auto active = opt_bool(body, "active");
  if (!active) active = opt_bool(body, "isActive");
  if (!active) throw Error::invalid("active is required");
  return data(codec::product(
      ctx.engine().inventory().set_product_active(ctx.actor(), ctx.param("id"), *active)));
}

}  // namespace crm::rest::handlers
