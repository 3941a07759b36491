// InvoiceService changes other than create and payments: notes/due date, send, void, the
// QuickBooks resync request, and serial numbers.
#include <algorithm>

#include "core/activity/activity_log.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/fulfillment/inventory_rows.hpp"
#include "core/fulfillment/order_store.hpp"
#include "core/invoices/billing_jobs.hpp"
#include "core/invoices/invoice_rows.hpp"
#include "core/invoices/recipient.hpp"
#include "core/invoices/status_machines.hpp"
#include "core/leads/lead_store.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/invoices.hpp"

namespace crm {
namespace {

recipient::Candidates recipient_candidates(sql::Connection& conn, const Invoice& inv) {
  recipient::Candidates c;
  if (inv.lead_id)
    if (auto lead = lead_store::find(conn, *inv.lead_id))
      if (auto contact = contact_store::find(conn, lead->contact_id))
        c.lead_contact_email = contact->email;
  const auto contacts = contact_store::of_company(conn, inv.company_id);
  for (const auto& contact : contacts)
    if (contact.email) c.company_contact_emails.push_back(*contact.email);
  if (!contacts.empty()) c.primary_contact_email = contacts.front().email;
  return c;
}

// Serial numbers trimmed, blanks refused, repeats dropped (first occurrence kept).
std::vector<std::string> clean_serials(const std::vector<std::string>& raw) {
  if (raw.empty()) throw Error::invalid("serialNumbers must have at least one serial number");
  std::vector<std::string> out;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    std::string s = validate::optional_trimmed(raw[k]).value_or("");
    if (s.empty()) throw Error::invalid("serialNumbers[" + std::to_string(k) + "] is required");
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

// The device with `serial`, created IN_STOCK when unknown (ON CONFLICT on the unique serial
// makes a concurrent create of the same serial harmless), locked.
Device device_for_serial(sql::Connection& conn, const detail::Runtime& rt,
                         const std::string& serial) {
  conn.query(
      "INSERT INTO devices (id, serial_number, status, created_at, updated_at) "
      "VALUES (?, ?, 'IN_STOCK', ?, ?) ON CONFLICT (serial_number) DO NOTHING",
      rt.new_id(), serial, rt.now(), rt.now());
  const auto res = conn.query("SELECT " + inventory_rows::device_columns("d", "") +
                                  " FROM devices d WHERE d.serial_number = ?" +
                                  conn.lock_clause(sql::Lock::kForUpdate, "d"),
                              serial);
  return inventory_rows::to_device(res.first(), "");
}

}  // namespace

Invoice InvoiceService::update(const Actor& actor, std::string_view id, const InvoiceUpdate& u) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Invoice inv = invoice_rows::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    storage::Assignments fields;
    if (u.notes) {
      inv.notes = validate::optional_trimmed(*u.notes);
      fields.set("notes", inv.notes);
    }
    if (u.due_date) {
      inv.due_date = *u.due_date;
      fields.set("due_date", inv.due_date);
    }
    if (fields.empty()) return inv;
    inv.updated_at = rt_.now();
    fields.set("updated_at", inv.updated_at);
    fields.update_by_id(conn, "invoices", inv.id);
    return inv;
  });
}

Invoice InvoiceService::send(const Actor& actor, std::string_view id,
                             const std::optional<std::string>& recipient_email) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Invoice inv = invoice_rows::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    machines::invoice().require(inv.status, InvoiceStatus::kSent);
    const std::string to = recipient::resolve(recipient_email, recipient_candidates(conn, inv));
    const TimeMs now = rt_.now();
    conn.query(
        "UPDATE invoices SET status = 'SENT', sent_at = ?, recipient_email = ?, updated_at = ? "
        "WHERE id = ?",
        now, to, now, inv.id);
    inv.status = InvoiceStatus::kSent;
    inv.sent_at = inv.updated_at = now;
    inv.recipient_email = to;
    const FulfillmentOrder order =
        order_store::ensure_for_invoice(conn, rt_, inv.id, inv.company_id);
    billing_jobs::invoice_sent(tx, rt_, inv.id, to);
    activity::append(conn, rt_,
                     {"invoice_sent", inv.lead_id, inv.company_id, actor.user_id,
                      boost::json::object{{"invoiceId", inv.id},
                                          {"number", inv.number},
                                          {"recipientEmail", to},
                                          {"fulfillmentOrderId", order.id}}});
    return inv;
  });
}

Invoice InvoiceService::void_invoice(const Actor& actor, std::string_view id) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Invoice inv = invoice_rows::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    machines::invoice().require(inv.status, InvoiceStatus::kVoid);
    const TimeMs now = rt_.now();
    conn.query("UPDATE invoices SET status = 'VOID', voided_at = ?, updated_at = ? WHERE id = ?",
               now, now, inv.id);
    inv.status = InvoiceStatus::kVoid;
    inv.voided_at = inv.updated_at = now;
    boost::json::value canceled = nullptr;
    if (auto order = order_store::find_for_invoice(conn, inv.id);
        order && machines::order().allows(order->status, OrderStatus::kCanceled)) {
      order_store::cancel(conn, rt_, *order, actor.user_id, inv.lead_id);
      canceled = order->id;
    }
    activity::append(
        conn, rt_,
        {"invoice_voided", inv.lead_id, inv.company_id, actor.user_id,
         boost::json::object{
             {"invoiceId", inv.id}, {"number", inv.number}, {"canceledOrderId", canceled}}});
    return inv;
  });
}

Invoice InvoiceService::request_qb_resync(const Actor& actor, std::string_view id) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Invoice inv = invoice_rows::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    const TimeMs now = rt_.now();
    billing_jobs::qb_sync_invoice(tx, rt_, inv.id, "resync-" + std::to_string(now));
    activity::append(conn, rt_,
                     {"invoice_qb_resync_requested", inv.lead_id, inv.company_id, actor.user_id,
                      boost::json::object{{"invoiceId", inv.id}, {"number", inv.number}}});
    return inv;
  });
}

std::vector<Device> InvoiceService::assign_serials(const Actor& actor, std::string_view id,
                                                   const std::vector<std::string>& serial_numbers) {
  const auto serials = clean_serials(serial_numbers);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Invoice inv = invoice_rows::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    if (inv.status == InvoiceStatus::kVoid)
      throw Error::invalid("Serial numbers cannot be assigned to a VOID invoice");
    const FulfillmentOrder order =
        order_store::ensure_for_invoice(conn, rt_, inv.id, inv.company_id);
    if (!machines::order().allows(order.status, OrderStatus::kPicking))
      throw Error::invalid("Fulfillment order is " + std::string(to_string(order.status)) +
                           ": devices can no longer be assigned");
    boost::json::array assigned;
    for (const auto& serial : serials) {
      order_store::assign_device(conn, rt_, order, device_for_serial(conn, rt_, serial));
      assigned.emplace_back(serial);
    }
    activity::append(conn, rt_,
                     {"device_assigned", inv.lead_id, inv.company_id, actor.user_id,
                      boost::json::object{{"invoiceId", inv.id},
                                          {"orderId", order.id},
                                          {"serialNumbers", std::move(assigned)}}});
    return inventory_rows::devices_of_invoice(conn, inv.id);
  });
}

}  // namespace crm
