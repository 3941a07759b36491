#include "core/fulfillment/order_store.hpp"

#include "core/activity/activity_log.hpp"
#include "core/fulfillment/inventory_rows.hpp"
#include "core/invoices/status_machines.hpp"
#include "core/runtime.hpp"
#include "crm/error.hpp"

namespace crm::order_store {
namespace {

std::optional<FulfillmentOrder> load_locked(sql::Connection& conn, std::string_view invoice_id) {
  const auto res = conn.query("SELECT " + inventory_rows::order_columns("o", "") +
                                  " FROM fulfillment_orders o WHERE o.invoice_id = ?" +
                                  conn.lock_clause(sql::Lock::kForUpdate, "o"),
                              invoice_id);
  if (res.empty()) return std::nullopt;
  return inventory_rows::to_order(res.first(), "");
}

std::string_view timestamp_column(OrderStatus to) {
  switch (to) {
    case OrderStatus::kPicking:
      return "picked_at";
    case OrderStatus::kShipped:
      return "shipped_at";
    case OrderStatus::kDelivered:
      return "delivered_at";
    case OrderStatus::kCanceled:
      return "canceled_at";
    case OrderStatus::kPending:
      break;
  }
  return "";
}

}  // namespace

std::optional<FulfillmentOrder> find_for_invoice(sql::Connection& conn,
                                                 std::string_view invoice_id) {
  return load_locked(conn, invoice_id);
}

FulfillmentOrder ensure_for_invoice(sql::Connection& conn, const detail::Runtime& rt,
                                    std::string_view invoice_id, std::string_view company_id) {
  const TimeMs now = rt.now();
  conn.query(
      "INSERT INTO fulfillment_orders (id, invoice_id, company_id, status, created_at, updated_at) "
      "VALUES (?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (invoice_id) DO NOTHING",
      rt.new_id(), invoice_id, company_id, now, now);
  auto order = load_locked(conn, invoice_id);
  if (!order) throw Error::internal("fulfillment order vanished after insert");
  return *order;
}

void assign_device(sql::Connection& conn, const detail::Runtime& rt, const FulfillmentOrder& order,
                   const Device& device) {
  const bool already_ours =
      device.status == DeviceStatus::kAssigned && device.invoice_id == order.invoice_id;
  if (!already_ours) {
    if (device.status != DeviceStatus::kInStock)
      throw Error::conflict("Device " + device.serial_number + " is not available (" +
                            std::string(to_string(device.status)) + ")");
    machines::device().require(device.status, DeviceStatus::kAssigned);
  }
  conn.query(
      "UPDATE devices SET status = 'ASSIGNED', invoice_id = ?, company_id = ?, updated_at = ? "
      "WHERE id = ?",
      order.invoice_id, order.company_id, rt.now(), device.id);
  conn.query(
      "INSERT INTO fulfillment_items (id, order_id, device_id, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (order_id, device_id) DO NOTHING",
      rt.new_id(), order.id, device.id, rt.now());
}

void move(sql::Connection& conn, const detail::Runtime& rt, const FulfillmentOrder& order,
          OrderStatus to) {
  machines::order().require(order.status, to);
  const TimeMs now = rt.now();
  const auto column = timestamp_column(to);
  if (column.empty() || (to == OrderStatus::kPicking && order.picked_at)) {
    conn.query("UPDATE fulfillment_orders SET status = ?, updated_at = ? WHERE id = ?",
               to_string(to), now, order.id);
    return;
  }
  conn.query("UPDATE fulfillment_orders SET status = ?, " + std::string(column) +
                 " = ?, updated_at = ? WHERE id = ?",
             to_string(to), now, now, order.id);
}

std::vector<std::string> cancel(sql::Connection& conn, const detail::Runtime& rt,
                                const FulfillmentOrder& order,
                                const std::optional<std::string>& actor_user_id,
                                const std::optional<std::string>& lead_id) {
  move(conn, rt, order, OrderStatus::kCanceled);
  const TimeMs now = rt.now();
  std::vector<std::string> returned;
  const auto items =
      conn.query("SELECT " + inventory_rows::device_columns("d", "d_") + ", " +
                     inventory_rows::sim_columns("s", "s_") +
                     " FROM fulfillment_items fi JOIN devices d ON d.id = fi.device_id "
                     "LEFT JOIN sims s ON s.id = fi.sim_id WHERE fi.order_id = ? ORDER BY "
                     "fi.created_at, fi.id",
                 order.id);
  for (const auto& row : items.rows) {
    const Device d = inventory_rows::to_device(row, "d_");
    if (d.status == DeviceStatus::kAssigned && d.invoice_id == order.invoice_id) {
      machines::device().require(d.status, DeviceStatus::kInStock);
      conn.query(
          "UPDATE devices SET status = 'IN_STOCK', invoice_id = NULL, company_id = NULL, "
          "updated_at = ? WHERE id = ?",
          now, d.id);
      returned.push_back(d.serial_number);
    }
    if (row.is_null("s_id")) continue;
    const Sim s = inventory_rows::to_sim(row, "s_");
    if (s.status == SimStatus::kAssigned && s.device_id == d.id) {
      machines::sim().require(s.status, SimStatus::kAvailable);
      conn.query(
          "UPDATE sims SET status = 'AVAILABLE', device_id = NULL, updated_at = ? WHERE id = ?",
          now, s.id);
    }
  }
  boost::json::array serials;
  for (const auto& s : returned) serials.emplace_back(s);
  activity::append(conn, rt,
                   {"fulfillment_canceled", lead_id, order.company_id, actor_user_id,
                    boost::json::object{{"orderId", order.id},
                                        {"invoiceId", order.invoice_id},
                                        {"returnedSerials", std::move(serials)}}});
  return returned;
}

}  // namespace crm::order_store
