#pragma once
// REST handlers of invoicing, public pay, fulfillment, inventory and reference data, and the
// body readers they share. The route table (route_table.cpp) is the only caller of the handlers.

#include <string>
#include <vector>

#include "adapters/rest/handler_kit.hpp"
#include "crm/reference.hpp"

namespace crm::rest::handlers {

// invoice_handlers.cpp
Response list_invoices(Context& ctx);
Response create_invoice(Context& ctx);
Response get_invoice(Context& ctx);
Response update_invoice(Context& ctx);
Response list_invoice_serials(Context& ctx);
Response assign_invoice_serials(Context& ctx);

// pay_handlers.cpp (public, token-protected)
Response get_public_invoice(Context& ctx);
Response sign_proposal(Context& ctx);

// fulfillment_handlers.cpp
Response list_fulfillment(Context& ctx);
Response update_fulfillment(Context& ctx);

// inventory_handlers.cpp
Response list_devices(Context& ctx);
Response create_devices(Context& ctx);
Response list_sims(Context& ctx);
Response create_sims(Context& ctx);
Response list_products(Context& ctx);
Response update_product(Context& ctx);

// reference_handlers.cpp
Response list_taxonomies(Context& ctx);
Response create_taxonomy(Context& ctx);
Response update_taxonomy(Context& ctx);
Response delete_taxonomy(Context& ctx);
Response list_taxonomy_values(Context& ctx);
Response get_form_options(Context& ctx);
Response get_settings(Context& ctx);
Response update_settings(Context& ctx);

// ---- body readers (billing_body.cpp); each throws kInvalidArgument naming the field ----
// A quantity as a number or numeric string with at most three decimals, in thousandths.
std::optional<std::int64_t> opt_quantity(const json::object& body, std::string_view key);
// An array of strings (absent or null: nullopt).
std::optional<std::vector<std::string>> opt_string_array(const json::object& body,
                                                         std::string_view key);
// An array of objects (absent or null: empty).
std::vector<const json::object*> object_array(const json::object& body, std::string_view key);
// A query parameter; absent or empty: nullopt.
std::optional<std::string> query_text(const Context& ctx, std::string_view name);
// ?active=true|false|all, default `fallback`.
ActiveFilter query_active(const Context& ctx, ActiveFilter fallback);

}  // namespace crm::rest::handlers
