#pragma once
// Invoices, payments, the public pay page and e-signature (DOMAIN.md §11).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/companies.hpp"
#include "crm/fulfillment.hpp"
#include "crm/money.hpp"
#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/records.hpp"
#include "crm/reference.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

// DRAFT -> SENT -> PARTIAL -> PAID; VOID from DRAFT, SENT, PARTIAL.
enum class InvoiceStatus { kDraft, kSent, kPartial, kPaid, kVoid };
std::string_view to_string(InvoiceStatus s);
std::optional<InvoiceStatus> parse_invoice_status(std::string_view text);

enum class PaymentMethod { kCard, kAch, kCheck, kCash, kWire, kOther };
std::string_view to_string(PaymentMethod m);
std::optional<PaymentMethod> parse_payment_method(std::string_view text);

// Quantities in thousandths of a unit (1.5 hours = 1500), so fractional quantities are exact.
using Quantity = std::int64_t;
inline constexpr Quantity kQuantityScale = 1000;

struct LineItem {
  std::string id;
  std::int64_t position = 0;
  std::string description;
  Quantity quantity = kQuantityScale;
  Cents unit_price = 0;
  Cents amount = 0;  // round(quantity x unitPrice)
  std::optional<std::string> product_code;
};

struct Payment {
  std::string id;
  std::string invoice_id;
  Cents amount = 0;
  PaymentMethod method = PaymentMethod::kOther;
  std::optional<std::string> reference;
  std::optional<std::string> notes;
  std::optional<std::string> stripe_payment_id;
  TimeMs received_at = 0;
  std::optional<std::string> created_by_id;
  TimeMs created_at = 0;
};

struct Invoice {
  std::string id;
  std::string number;  // INV-YYYY-NNNN
  std::string company_id;
  std::optional<std::string> lead_id;
  InvoiceStatus status = InvoiceStatus::kDraft;
  Cents subtotal = 0;
  Cents tax = 0;
  std::optional<RateMilli> tax_rate;  // the rate applied, as it was at creation
  Cents shipping_cost = 0;
  Cents total = 0;
  Cents amount_paid = 0;
  Cents balance() const { return total - amount_paid; }
  std::optional<TimeMs> due_date;
  std::optional<std::string> notes;
  std::string payment_token;
  std::optional<TimeMs> sent_at;
  std::optional<TimeMs> paid_at;
  std::optional<TimeMs> voided_at;
  std::optional<std::string> recipient_email;  // chosen when sent
  std::optional<std::string> agreement_template_id;
  std::optional<std::string> tax_rate_id;
  std::optional<std::string> backend_id;
  std::optional<std::string> carrier_id;
  std::optional<std::string> shipping_type_id;
  std::optional<std::string> payment_term_id;
  std::optional<std::string> contract_term_id;
  std::optional<std::string> qb_invoice_id;
  std::optional<std::string> signed_name;
  std::optional<TimeMs> signed_at;
  std::optional<std::string> signed_ip_addr;
  std::optional<std::string> signed_user_agent;
  std::optional<std::string> created_by_id;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::vector<LineItem> line_items;  // in position order
};

struct LineItemInput {
  std::string description;  // required
  Quantity quantity = kQuantityScale;
  Cents unit_price = 0;
  std::optional<std::string> product_code;
};

struct NewInvoice {
  std::optional<std::string> company_id;  // required, visible
  std::optional<std::string> lead_id;     // visible, of the same company
  std::vector<LineItemInput> line_items;  // at least one
  std::optional<TimeMs> due_date;         // default: now + the payment term's days, if any
  std::optional<std::string> notes;
  std::optional<std::string> agreement_template_id;  // default: the default template
  std::optional<std::string> tax_rate_id;
  std::optional<std::string> backend_id;        // taxonomy BACKEND
  std::optional<std::string> carrier_id;        // taxonomy CELLULAR_CARRIER
  std::optional<std::string> shipping_type_id;  // taxonomy SHIPPING_TYPE
  std::optional<std::string> payment_term_id;
  std::optional<std::string> contract_term_id;
  std::optional<Cents> shipping_cost;  // >= 0, never taxed
};

struct InvoiceUpdate {
  Nullable<std::string> notes;
  Nullable<TimeMs> due_date;
};

struct PaymentInput {
  std::optional<Cents> amount;  // required: 0 < amount <= balance
  PaymentMethod method = PaymentMethod::kOther;
  std::optional<std::string> reference;
  std::optional<std::string> notes;
};

struct InvoiceQuery {
  std::optional<InvoiceStatus> status;
  std::optional<std::string> company_id;
  PageRequest page;
};

struct InvoiceListItem {
  Invoice invoice;
  CompanySummary company;
  std::optional<Lead> lead;
  std::vector<Payment> payments;
  std::vector<FulfillmentOrder> fulfillment_orders;
};

struct InvoiceDetail {
  Invoice invoice;
  Company company;
  std::vector<Contact> contacts;
  std::vector<Address> addresses;
  std::optional<Lead> lead;
  std::vector<Payment> payments;  // oldest first
  std::vector<FulfillmentOrder> fulfillment_orders;
  std::vector<Device> devices;
  std::optional<TaxonomyValue> carrier;
};

// What a customer sees on the pay page: no internal notes, tokens, users or provider ids.
struct PublicAddress {
  std::string address_line1;
  std::optional<std::string> address_line2;
  std::string city;
  std::string state;
  std::string zip;
  std::string country;
};

struct RenderedAgreement {
  std::string name;
  std::string markdown;  // variables filled in
  std::string html;      // CommonMark, raw HTML disabled
};

struct PublicInvoice {
  std::string number;
  InvoiceStatus status = InvoiceStatus::kDraft;
  TimeMs issued_at = 0;
  std::optional<TimeMs> due_date;
  std::optional<TimeMs> sent_at;
  std::optional<TimeMs> paid_at;
  std::vector<LineItem> line_items;
  Cents subtotal = 0;
  Cents tax = 0;
  std::optional<RateMilli> tax_rate;
  Cents shipping_cost = 0;
  Cents total = 0;
  Cents amount_paid = 0;
  Cents balance = 0;
  bool payable = false;  // SENT/PARTIAL with a balance
  std::string company_name;
  std::optional<PublicAddress> billing_address;
  std::optional<PublicAddress> shipping_address;
  std::optional<RenderedAgreement> agreement;  // the signed snapshot once signed
  bool is_signed = false;
  std::optional<std::string> signed_name;
  std::optional<TimeMs> signed_at;
};

// Who opened the pay page.
struct PublicViewer {
  std::optional<Actor> user;  // a logged-in CRM user: the view is not tracked
  std::string ip;
  std::string user_agent;
};

struct SignInput {
  std::string signed_name;  // trimmed, at least 3 characters
  std::string ip;
  std::string user_agent;
};

namespace detail {
struct Runtime;
}

// Invoices follow their company's visibility (DOMAIN.md §3): an invoice the actor cannot see is
// kNotFound. Every status change goes through the invoice state machine; an illegal one is
// kInvalidArgument and changes nothing. Side effects that leave the database are jobs enqueued
// in the same transaction. Thread-safe.
class InvoiceService {
 public:
  explicit InvoiceService(detail::Runtime& rt);

  Page<InvoiceListItem> list(const Actor& actor, const InvoiceQuery& query);
  // A DRAFT with the next INV-YYYY-NNNN number of the year and a fresh payment token; logs
  // invoice_created; enqueues the QuickBooks sync.
  Invoice create(const Actor& actor, const NewInvoice& input);
  InvoiceDetail get(const Actor& actor, std::string_view id);
  // Notes and due date, in any status.
  Invoice update(const Actor& actor, std::string_view id, const InvoiceUpdate& update);
  // DRAFT -> SENT: resolves the recipient, creates the fulfillment order (once), enqueues the
  // invoice-sent email, logs invoice_sent.
  Invoice send(const Actor& actor, std::string_view id,
               const std::optional<std::string>& recipient_email);
  // -> VOID; cancels the invoice's pending fulfillment order.
  Invoice void_invoice(const Actor& actor, std::string_view id);
  // SENT/PARTIAL only, 0 < amount <= balance. Paid in full: PAID, lead WON, company CUSTOMER,
  // Slack and email jobs. Always: the QuickBooks payment sync, payment_received.
  Invoice record_payment(const Actor& actor, std::string_view id, const PaymentInput& input);
  // Enqueues a QuickBooks sync; logs invoice_qb_resync_requested.
  Invoice request_qb_resync(const Actor& actor, std::string_view id);

  std::vector<Device> serials(const Actor& actor, std::string_view id);
  // Assigns serial numbers (creating unknown devices) to the invoice's fulfillment order;
  // devices must be IN_STOCK or already on this invoice (kConflict naming the serial otherwise).
  std::vector<Device> assign_serials(const Actor& actor, std::string_view id,
                                     const std::vector<std::string>& serial_numbers);

  // The pay page of `token`; kNotFound for an unknown token, in time independent of the
  // token's value. Tracks the view (invoice_viewed; notifications at most once a minute)
  // unless the viewer is a logged-in user.
  PublicInvoice view_public(std::string_view token, const PublicViewer& viewer);
  // E-signs the agreement: kInvalidArgument when already signed, VOID, or the name is short.
  PublicInvoice sign(std::string_view token, const SignInput& input);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
