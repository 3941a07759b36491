#pragma once
// The side effects of invoicing and fulfillment that leave the database, as outbox jobs
// (DOMAIN.md §17): kinds, payloads and dedupe keys in one place. Each function enqueues in the
// caller's write transaction; handlers (Resend, Slack, QuickBooks) come with the integrations
// and until then the jobs wait, visible in `crm jobs list`.

#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/time.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::billing_jobs {

inline constexpr std::string_view kInvoiceSentEmail = "email.invoice-sent";
inline constexpr std::string_view kPaymentReceivedEmail = "email.payment-received";
inline constexpr std::string_view kInvoicePaidAlertEmail = "email.invoice-paid-alert";
inline constexpr std::string_view kInvoiceViewedEmail = "email.invoice-viewed";
inline constexpr std::string_view kShippedEmail = "email.shipped";
inline constexpr std::string_view kInvoicePaidSlack = "slack.invoice-paid";
inline constexpr std::string_view kDealWonSlack = "slack.deal-won";
inline constexpr std::string_view kInvoiceViewedSlack = "slack.invoice-viewed";
inline constexpr std::string_view kProposalSignedSlack = "slack.proposal-signed";
inline constexpr std::string_view kOrderShippedSlack = "slack.order-shipped";
inline constexpr std::string_view kQbSyncInvoice = "quickbooks.sync-invoice";
inline constexpr std::string_view kQbSyncPayment = "quickbooks.sync-payment";

// The setting that names who receives invoice-paid and invoice-viewed alerts.
inline constexpr std::string_view kAlertEmailSetting = "alert_email";

using Tx = sql::Transaction;
using Rt = detail::Runtime;

// "invoice-sent:<invoiceId>": an invoice is announced once.
void invoice_sent(Tx& tx, Rt& rt, std::string_view invoice_id, std::string_view to);

// QuickBooks invoice sync; `occasion` tells syncs apart ("created", or the request time of a
// forced resync) so that each requested sync runs once.
void qb_sync_invoice(Tx& tx, Rt& rt, std::string_view invoice_id, std::string_view occasion);
void qb_sync_payment(Tx& tx, Rt& rt, std::string_view invoice_id, std::string_view payment_id);

// Paid in full: Slack invoice-paid (+ deal-won when a lead won), the payment-received email to
// the customer and the invoice-paid alert to `alert_email` (each only when there is an address).
struct Paid {
  std::string_view invoice_id;
  std::string_view payment_id;
  std::optional<std::string> lead_id;
  std::optional<std::string> customer_email;
  std::optional<std::string> alert_email;
};
void invoice_paid(Tx& tx, Rt& rt, const Paid& paid);

// A tracked view that passed the 60 s dedupe window: Slack + the invoice-viewed email.
void invoice_viewed(Tx& tx, Rt& rt, std::string_view invoice_id, TimeMs viewed_at,
                    const std::optional<std::string>& alert_email);

void proposal_signed(Tx& tx, Rt& rt, std::string_view invoice_id);

void order_shipped(Tx& tx, Rt& rt, std::string_view order_id, std::string_view invoice_id,
                   const std::optional<std::string>& customer_email);

}  // namespace crm::billing_jobs
