// /api/companies/[id]/addresses and /api/companies/[id]/addresses/[addressId].
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/companies.hpp"

namespace crm::rest::handlers {
namespace {

AddressInput address_input(const json::object& body) {
  AddressInput in;
  in.label = nullable_string(body, "label");
  in.type = opt_enum<AddressType>(body, "type", parse_address_type);
  in.address_line1 = opt_string(body, "addressLine1");
  in.address_line2 = nullable_string(body, "addressLine2");
  in.city = opt_string(body, "city");
  in.state = opt_string(body, "state");
  in.zip = opt_string(body, "zip");
  in.country = opt_string(body, "country");
  in.notes = nullable_string(body, "notes");
  in.is_default_billing = opt_bool(body, "isDefaultBilling");
  in.is_default_shipping = opt_bool(body, "isDefaultShipping");
  return in;
}

}  // namespace

Response list_addresses(Context& ctx) {
  return data(to_array(ctx.engine().companies().list_addresses(ctx.actor(), ctx.param("id")),
                       codec::address));
}

Response create_address(Context& ctx) {
  const Address a =
      ctx.engine().companies().add_address(ctx.actor(), ctx.param("id"), address_input(ctx.body()));
  return data(codec::address(a), 201);
}

Response update_address(Context& ctx) {
  const Address a = ctx.engine().companies().update_address(
      ctx.actor(), ctx.param("id"), ctx.param("addressId"), address_input(ctx.body()));
  return data(codec::address(a));
}

// The reference's ad-hoc shape for deletes.
Response delete_address(Context& ctx) {
  ctx.engine().companies().delete_address(ctx.actor(), ctx.param("id"), ctx.param("addressId"));
  return json_response(200, json::object{{"success", true}});
}

}  // namespace crm::rest::handlers
