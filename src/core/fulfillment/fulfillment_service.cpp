// FulfillmentService: the order list and the pick / ship / deliver / cancel actions.
#include <algorithm>

#include "core/activity/activity_log.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/fulfillment/inventory_rows.hpp"
#include "core/fulfillment/order_store.hpp"
#include "core/invoices/billing_jobs.hpp"
#include "core/invoices/status_machines.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/fulfillment.hpp"

namespace crm {
namespace {

constexpr int kMaxOrders = 100;

using visibility::require_admin;

struct OrderContext {
  FulfillmentOrder order;
  std::optional<std::string> lead_id;
  std::optional<std::string> recipient_email;
};

// The order when its company is visible to `actor`, else kNotFound "Order not found".
OrderContext require_order(sql::Connection& conn, const Actor& actor, std::string_view id,
                           sql::Lock lock) {
  const auto res = conn.query(
      "SELECT " + inventory_rows::order_columns("o", "") +
          ", c.assigned_rep_id AS company_rep_id, i.lead_id AS lead_id, i.recipient_email AS "
          "recipient_email FROM fulfillment_orders o JOIN companies c ON c.id = o.company_id "
          "JOIN invoices i ON i.id = o.invoice_id WHERE o.id = ?" +
          conn.lock_clause(lock, "o"),
      id);
  if (res.empty() ||
      !visibility::can_see_company_rep(actor, res.first().opt_text("company_rep_id")))
    throw Error::not_found("Order not found");
  std::vector<FulfillmentOrder> one{inventory_rows::to_order(res.first(), "")};
  inventory_rows::attach_items(conn, one);
  return {std::move(one.front()), res.first().opt_text("lead_id"),
          res.first().opt_text("recipient_email")};
}

FulfillmentOrder reload(sql::Connection& conn, const Actor& actor, std::string_view id) {
  return require_order(conn, actor, id, sql::Lock::kNone).order;
}

Device require_device(sql::Connection& conn, std::string_view id, std::string_view field) {
  const auto res = conn.query("SELECT " + inventory_rows::device_columns("d", "") +
                                  " FROM devices d WHERE d.id = ?" +
                                  conn.lock_clause(sql::Lock::kForUpdate, "d"),
                              id);
  if (res.empty()) throw Error::invalid(std::string(field) + ": device not found");
  return inventory_rows::to_device(res.first(), "");
}

Sim require_sim(sql::Connection& conn, std::string_view id_or_iccid, std::string_view field) {
  const auto res = conn.query("SELECT " + inventory_rows::sim_columns("s", "") +
                                  " FROM sims s WHERE s.id = ? OR s.iccid = ?" +
                                  conn.lock_clause(sql::Lock::kForUpdate, "s"),
                              id_or_iccid, id_or_iccid);
  if (res.empty()) throw Error::invalid(std::string(field) + ": SIM not found");
  return inventory_rows::to_sim(res.first(), "");
}

void attach_sim(sql::Connection& conn, const detail::Runtime& rt, const FulfillmentOrder& order,
                const Device& device, const Sim& sim) {
  const bool already = sim.status == SimStatus::kAssigned && sim.device_id == device.id;
  if (!already) {
    if (sim.status != SimStatus::kAvailable)
      throw Error::conflict("SIM " + sim.iccid + " is not available (" +
                            std::string(to_string(sim.status)) + ")");
    machines::sim().require(sim.status, SimStatus::kAssigned);
  }
  const auto current = conn.query(
      "SELECT s.iccid FROM fulfillment_items fi JOIN sims s ON s.id = fi.sim_id "
      "WHERE fi.order_id = ? AND fi.device_id = ? AND fi.sim_id <> ?",
      order.id, device.id, sim.id);
  if (!current.empty())
    throw Error::conflict("Device " + device.serial_number + " already has SIM " +
                          current.first().text("iccid"));
  conn.query("UPDATE sims SET status = 'ASSIGNED', device_id = ?, updated_at = ? WHERE id = ?",
             device.id, rt.now(), sim.id);
  conn.query("UPDATE fulfillment_items SET sim_id = ? WHERE order_id = ? AND device_id = ?", sim.id,
             order.id, device.id);
}

}  // namespace

FulfillmentService::FulfillmentService(detail::Runtime& rt) : rt_(rt) {}

std::vector<FulfillmentListItem> FulfillmentService::list(const Actor& actor,
                                                          std::optional<OrderStatus> status) {
  std::vector<sql::Value> params;
  std::string where = " WHERE " + visibility::company_condition(actor, "c", params);
  if (status) {
    where += " AND o.status = ?";
    params.emplace_back(std::string(to_string(*status)));
  }
  params.emplace_back(std::int64_t{kMaxOrders});
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const auto res = conn.run(
      "SELECT " + inventory_rows::order_columns("o", "") + ", " +
          rows::company_summary_columns("c", "c_") +
          ", i.id AS i_id, i.number AS i_number, i.status AS i_status, i.total AS i_total, "
          "i.amount_paid AS i_amount_paid, i.due_date AS i_due_date, i.lead_id AS i_lead_id, "
          "i.created_at AS i_created_at FROM fulfillment_orders o "
          "JOIN companies c ON c.id = o.company_id JOIN invoices i ON i.id = o.invoice_id" +
          where + " ORDER BY o.created_at DESC, o.id DESC LIMIT ?",
      params);
  std::vector<FulfillmentOrder> orders;
  std::vector<FulfillmentListItem> out;
  for (const auto& row : res.rows) {
    orders.push_back(inventory_rows::to_order(row, ""));
    const Cents total = row.integer("i_total"), paid = row.integer("i_amount_paid");
    out.push_back({{},
                   rows::row_to_company_summary(row, "c_"),
                   InvoiceSummary{row.text("i_id"), row.text("i_number"), row.text("i_status"),
                                  total, paid, total - paid, row.opt_integer("i_due_date"),
                                  row.opt_text("i_lead_id"), row.integer("i_created_at")}});
  }
  inventory_rows::attach_items(conn, orders);
  for (std::size_t k = 0; k < out.size(); ++k) out[k].order = std::move(orders[k]);
  return out;
}

FulfillmentOrder FulfillmentService::get(const Actor& actor, std::string_view order_id) {
  auto tx = rt_.db->read();
  return reload(tx->connection(), actor, order_id);
}

FulfillmentOrder FulfillmentService::pick(const Actor& actor, std::string_view order_id,
                                          const PickInput& input) {
  require_admin(actor);
  if (input.device_ids.empty() && input.sim_assignments.empty())
    throw Error::invalid("deviceIds must have at least one device");
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const auto ctx = require_order(conn, actor, order_id, sql::Lock::kForUpdate);
    const FulfillmentOrder& order = ctx.order;
    machines::order().require(order.status, OrderStatus::kPicking);
    boost::json::array serials, iccids;
    std::vector<std::string> on_order;
    for (const auto& item : order.items) on_order.push_back(item.device_id);
    for (std::size_t k = 0; k < input.device_ids.size(); ++k) {
      const Device d =
          require_device(conn, input.device_ids[k], "deviceIds[" + std::to_string(k) + "]");
      order_store::assign_device(conn, rt_, order, d);
      on_order.push_back(d.id);
      serials.emplace_back(d.serial_number);
    }
    for (std::size_t k = 0; k < input.sim_assignments.size(); ++k) {
      const auto& a = input.sim_assignments[k];
      const std::string field = "simAssignments[" + std::to_string(k) + "]";
      if (std::find(on_order.begin(), on_order.end(), a.device_id) == on_order.end())
        throw Error::invalid(field + ".deviceId must be a device of this order");
      const Device d = require_device(conn, a.device_id, field + ".deviceId");
      const Sim s = require_sim(conn, a.sim_id, field + ".simId");
      attach_sim(conn, rt_, order, d, s);
      iccids.emplace_back(s.iccid);
    }
    order_store::move(conn, rt_, order, OrderStatus::kPicking);
    activity::append(conn, rt_,
                     {"fulfillment_picked", ctx.lead_id, order.company_id, actor.user_id,
                      boost::json::object{{"orderId", order.id},
                                          {"invoiceId", order.invoice_id},
                                          {"serialNumbers", std::move(serials)},
                                          {"iccids", std::move(iccids)}}});
    return reload(conn, actor, order.id);
  });
}

FulfillmentOrder FulfillmentService::ship(const Actor& actor, std::string_view order_id,
                                          const ShipInput& input) {
  require_admin(actor);
  const std::string tracking = validate::required("trackingNumber", input.tracking_number);
  const auto carrier = validate::optional_trimmed(input.carrier);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const auto ctx = require_order(conn, actor, order_id, sql::Lock::kForUpdate);
    const FulfillmentOrder& order = ctx.order;
    machines::order().require(order.status, OrderStatus::kShipped);
    const TimeMs now = rt_.now();
    boost::json::array serials;
    for (const auto& item : order.items) {
      const Device d = require_device(conn, item.device_id, "device");
      if (d.invoice_id != order.invoice_id) continue;  // returned or moved since the pick
      machines::device().require(d.status, DeviceStatus::kShipped);
      conn.query("UPDATE devices SET status = 'SHIPPED', updated_at = ? WHERE id = ?", now, d.id);
      serials.emplace_back(d.serial_number);
    }
    order_store::move(conn, rt_, order, OrderStatus::kShipped);
    conn.query("UPDATE fulfillment_orders SET tracking_number = ?, carrier = ? WHERE id = ?",
               tracking, carrier, order.id);
    activity::append(conn, rt_,
                     {"device_shipped", ctx.lead_id, order.company_id, actor.user_id,
                      boost::json::object{{"orderId", order.id},
                                          {"invoiceId", order.invoice_id},
                                          {"trackingNumber", tracking},
                                          {"carrier", carrier ? boost::json::value(*carrier)
                                                              : boost::json::value(nullptr)},
                                          {"serialNumbers", std::move(serials)}}});
    std::optional<std::string> to = ctx.recipient_email;
    if (!to) {
      const auto contacts = contact_store::of_company(conn, order.company_id);
      if (!contacts.empty()) to = contacts.front().email;
    }
    billing_jobs::order_shipped(tx, rt_, order.id, order.invoice_id, to);
    return reload(conn, actor, order.id);
  });
}

FulfillmentOrder FulfillmentService::deliver(const Actor& actor, std::string_view order_id) {
  require_admin(actor);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const auto ctx = require_order(conn, actor, order_id, sql::Lock::kForUpdate);
    order_store::move(conn, rt_, ctx.order, OrderStatus::kDelivered);
    activity::append(
        conn, rt_,
        {"fulfillment_delivered", ctx.lead_id, ctx.order.company_id, actor.user_id,
         boost::json::object{{"orderId", ctx.order.id}, {"invoiceId", ctx.order.invoice_id}}});
    return reload(conn, actor, ctx.order.id);
  });
}

FulfillmentOrder FulfillmentService::cancel(const Actor& actor, std::string_view order_id) {
  require_admin(actor);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const auto ctx = require_order(conn, actor, order_id, sql::Lock::kForUpdate);
    order_store::cancel(conn, rt_, ctx.order, actor.user_id, ctx.lead_id);
    return reload(conn, actor, ctx.order.id);
  });
}

}  // namespace crm
