#include "core/fulfillment/inventory_rows.hpp"

#include "core/records/attach.hpp"
#include "core/records/row_reader.hpp"

namespace crm::inventory_rows {

using rows::Reader;
using rows::select_list;

std::string device_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id", "serial_number", "model", "status", "company_id", "invoice_id",
                      "created_at", "updated_at"});
}

Device to_device(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  Device d;
  d.id = r.text("id");
  d.serial_number = r.text("serial_number");
  d.model = r.opt("model");
  d.status = parse_device_status(r.text("status")).value_or(DeviceStatus::kInStock);
  d.company_id = r.opt("company_id");
  d.invoice_id = r.opt("invoice_id");
  d.created_at = r.integer("created_at");
  d.updated_at = r.integer("updated_at");
  return d;
}

std::string sim_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id", "iccid", "carrier", "phone_number", "status", "device_id", "created_at",
                      "updated_at"});
}

Sim to_sim(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  Sim s;
  s.id = r.text("id");
  s.iccid = r.text("iccid");
  s.carrier = r.opt("carrier");
  s.phone_number = r.opt("phone_number");
  s.status = parse_sim_status(r.text("status")).value_or(SimStatus::kAvailable);
  s.device_id = r.opt("device_id");
  s.created_at = r.integer("created_at");
  s.updated_at = r.integer("updated_at");
  return s;
}

std::string product_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id", "name", "sku", "description", "unit_price", "is_active", "qb_item_id",
                      "created_at", "updated_at"});
}

Product to_product(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  Product out;
  out.id = r.text("id");
  out.name = r.text("name");
  out.sku = r.opt("sku");
  out.description = r.opt("description");
  out.unit_price = r.integer("unit_price");
  out.is_active = r.boolean("is_active");
  out.qb_item_id = r.opt("qb_item_id");
  out.created_at = r.integer("created_at");
  out.updated_at = r.integer("updated_at");
  return out;
}

std::string order_columns(std::string_view a, std::string_view p) {
  return select_list(
      a, p,
      {"id", "invoice_id", "company_id", "status", "tracking_number", "carrier", "picked_at",
       "shipped_at", "delivered_at", "canceled_at", "created_at", "updated_at"});
}

FulfillmentOrder to_order(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  FulfillmentOrder o;
  o.id = r.text("id");
  o.invoice_id = r.text("invoice_id");
  o.company_id = r.text("company_id");
  o.status = parse_order_status(r.text("status")).value_or(OrderStatus::kPending);
  o.tracking_number = r.opt("tracking_number");
  o.carrier = r.opt("carrier");
  o.picked_at = r.opt_int("picked_at");
  o.shipped_at = r.opt_int("shipped_at");
  o.delivered_at = r.opt_int("delivered_at");
  o.canceled_at = r.opt_int("canceled_at");
  o.created_at = r.integer("created_at");
  o.updated_at = r.integer("updated_at");
  return o;
}

void attach_items(sql::Connection& conn, std::vector<FulfillmentOrder>& orders) {
  if (orders.empty()) return;
  const auto res = conn.query(
      "SELECT fi.id, fi.order_id, fi.device_id, fi.sim_id, fi.created_at, d.serial_number, "
      "s.iccid FROM fulfillment_items fi JOIN devices d ON d.id = fi.device_id "
      "LEFT JOIN sims s ON s.id = fi.sim_id WHERE " +
          conn.in_text_list("fi.order_id") + " ORDER BY fi.created_at, fi.id",
      sql::Connection::text_list(rows::ids_of(orders)));
  rows::attach(orders, res.map([](const sql::Row& row) {
    return std::pair(row.text("order_id"),
                     FulfillmentItem{row.text("id"), row.text("order_id"), row.text("device_id"),
                                     row.opt_text("sim_id"), row.text("serial_number"),
                                     row.opt_text("iccid"), row.integer("created_at")});
  }),
               &FulfillmentOrder::items);
}

std::vector<FulfillmentOrder> orders_of_invoices(sql::Connection& conn,
                                                 const std::vector<std::string>& invoice_ids) {
  if (invoice_ids.empty()) return {};
  auto orders =
      conn.query("SELECT " + order_columns("o", "") + " FROM fulfillment_orders o WHERE " +
                     conn.in_text_list("o.invoice_id") + " ORDER BY o.created_at, o.id",
                 sql::Connection::text_list(invoice_ids))
          .map([](const sql::Row& r) { return to_order(r, ""); });
  attach_items(conn, orders);
  return orders;
}

std::vector<Device> devices_of_invoice(sql::Connection& conn, std::string_view invoice_id) {
  return conn
      .query("SELECT " + device_columns("d", "") +
                 " FROM devices d WHERE d.invoice_id = ? ORDER BY d.serial_number",
             invoice_id)
      .map([](const sql::Row& r) { return to_device(r, ""); });
}

}  // namespace crm::inventory_rows
