#pragma once
// SELECT lists and row mappers for devices, SIMs, products and fulfillment orders, and the
// batch loaders that attach related rows to a page in one statement each (no N+1).

#include <string>
#include <string_view>
#include <vector>

#include "crm/fulfillment.hpp"
#include "crm/ports/sql.hpp"

namespace crm::inventory_rows {

std::string device_columns(std::string_view alias, std::string_view prefix);
Device to_device(const sql::Row& row, std::string_view prefix);

std::string sim_columns(std::string_view alias, std::string_view prefix);
Sim to_sim(const sql::Row& row, std::string_view prefix);

std::string product_columns(std::string_view alias, std::string_view prefix);
Product to_product(const sql::Row& row, std::string_view prefix);

std::string order_columns(std::string_view alias, std::string_view prefix);
FulfillmentOrder to_order(const sql::Row& row, std::string_view prefix);

// Fills `items` of every order (creation order) with one statement.
void attach_items(sql::Connection& conn, std::vector<FulfillmentOrder>& orders);
// The orders (with items) of the given invoices, oldest first.
std::vector<FulfillmentOrder> orders_of_invoices(sql::Connection& conn,
                                                 const std::vector<std::string>& invoice_ids);

// The devices of one invoice, by serial number.
std::vector<Device> devices_of_invoice(sql::Connection& conn, std::string_view invoice_id);

}  // namespace crm::inventory_rows
