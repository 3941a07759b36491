#include "core/invoices/billing_jobs.hpp"

#include "core/jobs/outbox.hpp"

namespace crm::billing_jobs {
namespace {

void add(Tx& tx, Rt& rt, std::string_view kind, boost::json::object payload, std::string key) {
  jobs::enqueue(tx, rt, {std::string(kind), std::move(payload), std::move(key), std::nullopt});
}

std::string key(std::string_view prefix, std::string_view id) {
  return std::string(prefix) + ":" + std::string(id);
}

}  // namespace

void invoice_sent(Tx& tx, Rt& rt, std::string_view invoice_id, std::string_view to) {
  add(tx, rt, kInvoiceSentEmail, {{"invoiceId", invoice_id}, {"to", to}},
      key("invoice-sent", invoice_id));
}

void qb_sync_invoice(Tx& tx, Rt& rt, std::string_view invoice_id, std::string_view occasion) {
  add(tx, rt, kQbSyncInvoice, {{"invoiceId", invoice_id}},
      key("qb-sync-invoice", invoice_id) + ":" + std::string(occasion));
}

void qb_sync_payment(Tx& tx, Rt& rt, std::string_view invoice_id, std::string_view payment_id) {
  add(tx, rt, kQbSyncPayment, {{"invoiceId", invoice_id}, {"paymentId", payment_id}},
      key("qb-sync-payment", payment_id));
}

void invoice_paid(Tx& tx, Rt& rt, const Paid& p) {
  add(tx, rt, kInvoicePaidSlack, {{"invoiceId", p.invoice_id}, {"paymentId", p.payment_id}},
      key("invoice-paid-slack", p.invoice_id));
  if (p.lead_id)
    add(tx, rt, kDealWonSlack, {{"invoiceId", p.invoice_id}, {"leadId", *p.lead_id}},
        key("deal-won-slack", *p.lead_id));
  if (p.customer_email)
    add(tx, rt, kPaymentReceivedEmail,
        {{"invoiceId", p.invoice_id}, {"paymentId", p.payment_id}, {"to", *p.customer_email}},
        key("payment-received", p.invoice_id));
  if (p.alert_email)
    add(tx, rt, kInvoicePaidAlertEmail,
        {{"invoiceId", p.invoice_id}, {"paymentId", p.payment_id}, {"to", *p.alert_email}},
        key("invoice-paid-alert", p.invoice_id));
}

void invoice_viewed(Tx& tx, Rt& rt, std::string_view invoice_id, TimeMs viewed_at,
                    const std::optional<std::string>& alert_email) {
  const std::string suffix = std::string(invoice_id) + ":" + std::to_string(viewed_at);
  add(tx, rt, kInvoiceViewedSlack, {{"invoiceId", invoice_id}, {"viewedAt", viewed_at}},
      key("invoice-viewed-slack", suffix));
  if (alert_email)
    add(tx, rt, kInvoiceViewedEmail,
        {{"invoiceId", invoice_id}, {"viewedAt", viewed_at}, {"to", *alert_email}},
        key("invoice-viewed", suffix));
}

void proposal_signed(Tx& tx, Rt& rt, std::string_view invoice_id) {
  add(tx, rt, kProposalSignedSlack, {{"invoiceId", invoice_id}},
      key("proposal-signed", invoice_id));
}

void order_shipped(Tx& tx, Rt& rt, std::string_view order_id, std::string_view invoice_id,
                   const std::optional<std::string>& customer_email) {
  add(tx, rt, kOrderShippedSlack, {{"orderId", order_id}, {"invoiceId", invoice_id}},
      key("order-shipped-slack", order_id));
  if (customer_email)
    add(tx, rt, kShippedEmail,
        {{"orderId", order_id}, {"invoiceId", invoice_id}, {"to", *customer_email}},
        key("order-shipped", order_id));
}

}  // namespace crm::billing_jobs
