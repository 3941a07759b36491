// InvoiceService::record_payment and promoteOnInvoicePaid (DOMAIN.md §6, §11): one
// transaction for the payment, the status, the lead and company, the jobs and the activity.
#include "core/activity/activity_log.hpp"
#include "core/invoices/billing_jobs.hpp"
#include "core/invoices/invoice_math.hpp"
#include "core/invoices/invoice_rows.hpp"
#include "core/invoices/status_machines.hpp"
#include "core/leads/lead_store.hpp"
#include "core/leads/stage_change.hpp"
#include "core/reference/settings_store.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/invoices.hpp"

namespace crm {
namespace {

// promoteOnInvoicePaid: the invoice's lead (if any) -> WON through the one stage rule (which
// also moves its company); the invoice's company -> CUSTOMER.
void promote_on_invoice_paid(sql::Connection& conn, const detail::Runtime& rt, const Invoice& inv,
                             const Actor& actor) {
  if (inv.lead_id) {
    // The promotion is the system's consequence of the payment: it does not depend on whether
    // the recorder of the payment can still see the lead (invoices.lead_id keeps it existing).
    const Actor system{actor.user_id, Role::kAdmin};
    const Lead lead =
        lead_store::require_visible(conn, system, *inv.lead_id, sql::Lock::kForUpdate);
    change_lead_stage(conn, rt, lead, LeadStage::kWon, actor.user_id, std::string("invoice_paid"));
  }
  move_company_to_customer(conn, rt, inv.company_id, inv.lead_id, actor.user_id);
}

}  // namespace

Invoice InvoiceService::record_payment(const Actor& actor, std::string_view id,
                                       const PaymentInput& in) {
  if (!in.amount) throw Error::invalid("amount is required");
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Invoice inv = invoice_rows::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    const auto& machine = machines::invoice();
    if (!machine.allows(inv.status, InvoiceStatus::kPartial) &&
        !machine.allows(inv.status, InvoiceStatus::kPaid))
      throw Error::invalid("Payments can only be recorded on SENT or PARTIAL invoices, not " +
                           std::string(to_string(inv.status)));
    const auto outcome = invoice_math::apply_payment(inv.total, inv.amount_paid, *in.amount);
    machine.require(inv.status, outcome.status);

    const TimeMs now = rt_.now();
    Payment p{rt_.new_id(),
              inv.id,
              *in.amount,
              in.method,
              validate::optional_trimmed(in.reference),
              validate::optional_trimmed(in.notes),
              std::nullopt,
              now,
              actor.user_id,
              now};
    conn.query(
        "INSERT INTO payments (id, invoice_id, amount, method, reference, notes, received_at, "
        "created_by_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p.id, p.invoice_id, p.amount, to_string(p.method), p.reference, p.notes, p.received_at,
        p.created_by_id, p.created_at);

    const bool paid = outcome.status == InvoiceStatus::kPaid;
    inv.status = outcome.status;
    inv.amount_paid = outcome.amount_paid;
    inv.updated_at = now;
    if (paid) inv.paid_at = now;
    conn.query(
        "UPDATE invoices SET status = ?, amount_paid = ?, paid_at = ?, updated_at = ? WHERE id = ?",
        to_string(inv.status), inv.amount_paid, inv.paid_at, now, inv.id);

    billing_jobs::qb_sync_payment(tx, rt_, inv.id, p.id);
    if (paid) {
      promote_on_invoice_paid(conn, rt_, inv, actor);
      billing_jobs::invoice_paid(tx, rt_,
                                 {inv.id, p.id, inv.lead_id, inv.recipient_email,
                                  validate::optional_trimmed(settings_store::get(
                                      conn, rt_.secrets, billing_jobs::kAlertEmailSetting))});
    }
    activity::append(conn, rt_,
                     {"payment_received", inv.lead_id, inv.company_id, actor.user_id,
                      boost::json::object{{"invoiceId", inv.id},
                                          {"number", inv.number},
                                          {"paymentId", p.id},
                                          {"amount", format_money(p.amount)},
                                          {"method", to_string(p.method)},
                                          {"balance", format_money(inv.balance())},
                                          {"status", to_string(inv.status)}}});
    rt_.invalidate_dashboard_on_commit(tx);
    return inv;
  });
}

}  // namespace crm
