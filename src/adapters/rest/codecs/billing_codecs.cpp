#include "adapters/rest/codecs/billing_codecs.hpp"

#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handler_kit.hpp"

namespace crm::rest::codec {

using json::object;
using json::value;

namespace {

value scaled(std::int64_t v, std::int64_t scale) {
  if (v % scale == 0) return value(v / scale);
  return value(static_cast<double>(v) / static_cast<double>(scale));
}

template <class T, class F>
value opt_object(const std::optional<T>& v, F&& encode) {
  return v ? value(encode(*v)) : value(nullptr);
}

value opt_rate(const std::optional<RateMilli>& r) { return r ? rate(*r) : value(nullptr); }

object public_address(const PublicAddress& a) {
  return {{"addressLine1", a.address_line1},
          {"addressLine2", opt_value(a.address_line2)},
          {"city", a.city},
          {"state", a.state},
          {"zip", a.zip},
          {"country", a.country}};
}

object public_line_item(const LineItem& l) {
  return {{"description", l.description},
          {"quantity", quantity(l.quantity)},
          {"unitPrice", money(l.unit_price)},
          {"amount", money(l.amount)}};
}

}  // namespace

value quantity(Quantity q) { return scaled(q, kQuantityScale); }
value rate(RateMilli r) { return scaled(r, kRateScale); }

object line_item(const LineItem& l) {
  return {{"id", l.id},
          {"position", l.position},
          {"description", l.description},
          {"quantity", quantity(l.quantity)},
          {"unitPrice", money(l.unit_price)},
          {"amount", money(l.amount)},
          {"productCode", opt_value(l.product_code)}};
}

object payment(const Payment& p) {
  return {{"id", p.id},
          {"invoiceId", p.invoice_id},
          {"amount", money(p.amount)},
          {"method", to_string(p.method)},
          {"reference", opt_value(p.reference)},
          {"notes", opt_value(p.notes)},
          {"stripePaymentId", opt_value(p.stripe_payment_id)},
          {"receivedAt", iso(p.received_at)},
          {"createdById", opt_value(p.created_by_id)},
          {"createdAt", iso(p.created_at)}};
}

object invoice(const Invoice& i) {
  return {{"id", i.id},
          {"number", i.number},
          {"companyId", i.company_id},
          {"leadId", opt_value(i.lead_id)},
          {"status", to_string(i.status)},
          {"subtotal", money(i.subtotal)},
          {"tax", money(i.tax)},
          {"taxRate", opt_rate(i.tax_rate)},
          {"shippingCost", money(i.shipping_cost)},
          {"total", money(i.total)},
          {"amountPaid", money(i.amount_paid)},
          {"balance", money(i.balance())},
          {"dueDate", opt_iso(i.due_date)},
          {"notes", opt_value(i.notes)},
          {"paymentToken", i.payment_token},
          {"sentAt", opt_iso(i.sent_at)},
          {"paidAt", opt_iso(i.paid_at)},
          {"voidedAt", opt_iso(i.voided_at)},
          {"recipientEmail", opt_value(i.recipient_email)},
          {"agreementTemplateId", opt_value(i.agreement_template_id)},
          {"taxRateId", opt_value(i.tax_rate_id)},
          {"backendId", opt_value(i.backend_id)},
          {"carrierId", opt_value(i.carrier_id)},
          {"shippingTypeId", opt_value(i.shipping_type_id)},
          {"paymentTermId", opt_value(i.payment_term_id)},
          {"contractTermId", opt_value(i.contract_term_id)},
          {"qbInvoiceId", opt_value(i.qb_invoice_id)},
          {"signedName", opt_value(i.signed_name)},
          {"signedAt", opt_iso(i.signed_at)},
          {"signedIpAddr", opt_value(i.signed_ip_addr)},
          {"signedUserAgent", opt_value(i.signed_user_agent)},
          {"createdById", opt_value(i.created_by_id)},
          {"createdAt", iso(i.created_at)},
          {"updatedAt", iso(i.updated_at)},
          {"lineItems", to_array(i.line_items, line_item)}};
}

object invoice_list_item(const InvoiceListItem& item) {
  object out = invoice(item.invoice);
  out["company"] = company_summary(item.company);
  out["lead"] = opt_object(item.lead, lead);
  out["payments"] = to_array(item.payments, payment);
  out["fulfillmentOrders"] = to_array(item.fulfillment_orders, fulfillment_order);
  return out;
}

object invoice_detail(const InvoiceDetail& d) {
  object out = invoice(d.invoice);
  object company_json = company(d.company);
  company_json["contacts"] = to_array(d.contacts, contact);
  company_json["addresses"] = to_array(d.addresses, address);
  out["company"] = std::move(company_json);
  out["lead"] = opt_object(d.lead, lead);
  out["payments"] = to_array(d.payments, payment);
  out["fulfillmentOrders"] = to_array(d.fulfillment_orders, fulfillment_order);
  out["devices"] = to_array(d.devices, [](const Device& x) { return device(x); });
  out["carrier"] = opt_object(d.carrier, taxonomy_value);
  return out;
}

object public_invoice(const PublicInvoice& p) {
  object invoice_json{{"number", p.number},
                      {"status", to_string(p.status)},
                      {"issuedAt", iso(p.issued_at)},
                      {"dueDate", opt_iso(p.due_date)},
                      {"sentAt", opt_iso(p.sent_at)},
                      {"paidAt", opt_iso(p.paid_at)},
                      {"lineItems", to_array(p.line_items, public_line_item)},
                      {"subtotal", money(p.subtotal)},
                      {"tax", money(p.tax)},
                      {"taxRate", opt_rate(p.tax_rate)},
                      {"shippingCost", money(p.shipping_cost)},
                      {"total", money(p.total)},
                      {"amountPaid", money(p.amount_paid)},
                      {"balance", money(p.balance)},
                      {"payable", p.payable}};
  object company_json{{"name", p.company_name},
                      {"billingAddress", opt_object(p.billing_address, public_address)},
                      {"shippingAddress", opt_object(p.shipping_address, public_address)}};
  return {{"invoice", std::move(invoice_json)},
          {"company", std::move(company_json)},
          {"agreement",
           opt_object(p.agreement,
                      [](const RenderedAgreement& a) {
                        return object{{"name", a.name}, {"markdown", a.markdown}, {"html", a.html}};
                      })},
          {"signature", object{{"signed", p.is_signed},
                               {"signedName", opt_value(p.signed_name)},
                               {"signedAt", opt_iso(p.signed_at)}}}};
}

object fulfillment_item(const FulfillmentItem& i) {
  return {{"id", i.id},
          {"orderId", i.order_id},
          {"deviceId", i.device_id},
          {"simId", opt_value(i.sim_id)},
          {"serialNumber", i.serial_number},
          {"iccid", opt_value(i.iccid)},
          {"createdAt", iso(i.created_at)}};
}

object fulfillment_order(const FulfillmentOrder& o) {
  return {{"id", o.id},
          {"invoiceId", o.invoice_id},
          {"companyId", o.company_id},
          {"status", to_string(o.status)},
          {"trackingNumber", opt_value(o.tracking_number)},
          {"carrier", opt_value(o.carrier)},
          {"pickedAt", opt_iso(o.picked_at)},
          {"shippedAt", opt_iso(o.shipped_at)},
          {"deliveredAt", opt_iso(o.delivered_at)},
          {"canceledAt", opt_iso(o.canceled_at)},
          {"createdAt", iso(o.created_at)},
          {"updatedAt", iso(o.updated_at)},
          {"items", to_array(o.items, fulfillment_item)}};
}

object fulfillment_list_item(const FulfillmentListItem& item) {
  object out = fulfillment_order(item.order);
  out["company"] = company_summary(item.company);
  out["invoice"] = invoice_summary(item.invoice);
  return out;
}

object device(const Device& d) {
  return {{"id", d.id},
          {"serialNumber", d.serial_number},
          {"model", opt_value(d.model)},
          {"status", to_string(d.status)},
          {"companyId", opt_value(d.company_id)},
          {"invoiceId", opt_value(d.invoice_id)},
          {"createdAt", iso(d.created_at)},
          {"updatedAt", iso(d.updated_at)}};
}

object device_list_item(const DeviceListItem& item) {
  object out = device(item.device);
  out["company"] = opt_object(item.company, company_summary);
  out["sim"] = opt_object(item.sim, sim);
  return out;
}

object sim(const Sim& s) {
  return {{"id", s.id},
          {"iccid", s.iccid},
          {"carrier", opt_value(s.carrier)},
          {"phoneNumber", opt_value(s.phone_number)},
          {"status", to_string(s.status)},
          {"deviceId", opt_value(s.device_id)},
          {"createdAt", iso(s.created_at)},
          {"updatedAt", iso(s.updated_at)}};
}

object sim_list_item(const SimListItem& item) {
  object out = sim(item.sim);
  out["device"] = opt_object(item.device, [](const Device& d) { return device(d); });
  return out;
}

object product(const Product& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"sku", opt_value(p.sku)},
          {"description", opt_value(p.description)},
          {"unitPrice", money(p.unit_price)},
          {"isActive", p.is_active},
          {"qbItemId", opt_value(p.qb_item_id)},
          {"createdAt", iso(p.created_at)},
          {"updatedAt", iso(p.updated_at)}};
}

object bulk_report(const BulkReport& r) {
  json::array rows;
  for (const auto& row : r.rows)
    rows.emplace_back(object{{"index", row.index},
                             {"key", row.key},
                             {"result", to_string(row.outcome)},
                             {"id", opt_value(row.id)},
                             {"error", opt_value(row.error)}});
  return {{"created", r.created},
          {"duplicates", r.duplicates},
          {"invalid", r.invalid},
          {"rows", std::move(rows)}};
}

object counts(const std::map<std::string, std::int64_t>& counts) {
  object out;
  for (const auto& [status, n] : counts) out[status] = n;
  return out;
}

object taxonomy(const Taxonomy& t) {
  return {{"id", t.id},
          {"type", to_string(t.type)},
          {"value", t.value},
          {"sortOrder", t.sort_order},
          {"active", t.is_active},
          {"createdAt", iso(t.created_at)},
          {"updatedAt", iso(t.updated_at)}};
}

object taxonomy_value(const TaxonomyValue& v) { return {{"id", v.id}, {"value", v.value}}; }

object agreement_template(const AgreementTemplate& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"body", t.body},
          {"isDefault", t.is_default},
          {"isActive", t.is_active},
          {"sortOrder", t.sort_order}};
}

object tax_rate(const TaxRate& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"rate", rate(t.rate)},
          {"isActive", t.is_active},
          {"sortOrder", t.sort_order}};
}

object payment_term(const PaymentTerm& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"days", t.days},
          {"isActive", t.is_active},
          {"sortOrder", t.sort_order}};
}

object contract_term(const ContractTerm& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"months", t.months},
          {"isActive", t.is_active},
          {"sortOrder", t.sort_order}};
}

object form_options(const FormOptions& o) {
  return {{"agreementTemplates", to_array(o.agreement_templates, agreement_template)},
          {"taxRates", to_array(o.tax_rates, tax_rate)},
          {"backends", to_array(o.backends, taxonomy_value)},
          {"carriers", to_array(o.carriers, taxonomy_value)},
          {"shippingTypes", to_array(o.shipping_types, taxonomy_value)},
          {"paymentTerms", to_array(o.payment_terms, payment_term)},
          {"contractTerms", to_array(o.contract_terms, contract_term)}};
}

}  // namespace crm::rest::codec
