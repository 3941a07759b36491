// /api/fulfillment: the order list and the action-discriminated PATCH (pick, ship, deliver,
// cancel).
#include "adapters/rest/codecs/billing_codecs.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/error.hpp"
#include "crm/fulfillment.hpp"

namespace crm::rest::handlers {
namespace {

PickInput pick_input(const json::object& body) {
  PickInput in;
  in.device_ids = opt_string_array(body, "deviceIds").value_or(std::vector<std::string>{});
  const auto assignments = object_array(body, "simAssignments");
  for (std::size_t k = 0; k < assignments.size(); ++k) {
    const auto& a = *assignments[k];
    const std::string field = "simAssignments[" + std::to_string(k) + "]";
    SimAssignment s;
    s.device_id = opt_string(a, "deviceId").value_or("");
    s.sim_id = opt_string(a, "simId").value_or(opt_string(a, "iccid").value_or(""));
    if (s.device_id.empty()) throw Error::invalid(field + ".deviceId is required");
    if (s.sim_id.empty()) throw Error::invalid(field + ".simId is required");
    in.sim_assignments.push_back(std::move(s));
  }
  return in;
}

}  // namespace

Response list_fulfillment(Context& ctx) {
  const auto status = query_enum<OrderStatus>(ctx, "status", parse_order_status);
  return data(
      to_array(ctx.engine().fulfillment().list(ctx.actor(), status), codec::fulfillment_list_item));
}

Response update_fulfillment(Context& ctx) {
  const auto& body = ctx.body();
  const auto order_id = opt_string(body, "orderId");
  if (!order_id || order_id->empty()) throw Error::invalid("orderId is required");
  const auto action = opt_string(body, "action");
  if (!action) throw Error::invalid("action is required");
  auto& fulfillment = ctx.engine().fulfillment();
  if (*action == "pick")
    return data(
        codec::fulfillment_order(fulfillment.pick(ctx.actor(), *order_id, pick_input(body))));
  if (*action == "ship") {
    ShipInput in{opt_string(body, "trackingNumber").value_or(""), opt_string(body, "carrier")};
    return data(codec::fulfillment_order(fulfillment.ship(ctx.actor(), *order_id, in)));
  }
  if (*action == "deliver")
    return data(codec::fulfillment_order(fulfillment.deliver(ctx.actor(), *order_id)));
  if (*action == "cancel")
    return data(codec::fulfillment_order(fulfillment.cancel(ctx.actor(), *order_id)));
  throw_invalid_enum("action", *action);
}

}  // namespace crm::rest::handlers
