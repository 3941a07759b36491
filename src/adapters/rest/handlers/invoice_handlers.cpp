// /api/invoices*: list, create, detail, the action-discriminated PATCH, serial numbers.
#include "adapters/rest/codecs/billing_codecs.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/error.hpp"
#include "crm/invoices.hpp"

namespace crm::rest::handlers {
namespace {

LineItemInput line_item_input(const json::object& o, std::size_t index) {
  const std::string field = "lineItems[" + std::to_string(index) + "]";
  LineItemInput in;
  try {
    in.description = opt_string(o, "description").value_or("");
    in.quantity = opt_quantity(o, "quantity").value_or(kQuantityScale);
    const auto price = opt_money(o, "unitPrice");
    if (!price) throw Error::invalid("unitPrice is required");
    in.unit_price = *price;
    in.product_code = opt_string(o, "productCode");
  } catch (const Error& e) {
    throw Error::invalid(field + "." + e.what());
  }
  return in;
}

NewInvoice new_invoice(const json::object& body) {
  NewInvoice in;
  in.company_id = opt_string(body, "companyId");
  in.lead_id = opt_string(body, "leadId");
  if (!has_key(body, "lineItems") || body.at("lineItems").is_null())
    throw Error::invalid("lineItems is required");
  const auto items = object_array(body, "lineItems");
  for (std::size_t k = 0; k < items.size(); ++k)
    in.line_items.push_back(line_item_input(*items[k], k));
  if (auto due = nullable_time(body, "dueDate")) in.due_date = *due;
  in.notes = opt_string(body, "notes");
  in.agreement_template_id = opt_string(body, "agreementTemplateId");
  in.tax_rate_id = opt_string(body, "taxRateId");
  in.backend_id = opt_string(body, "backendId");
  in.carrier_id = opt_string(body, "carrierId");
  in.shipping_type_id = opt_string(body, "shippingTypeId");
  in.payment_term_id = opt_string(body, "paymentTermId");
  in.contract_term_id = opt_string(body, "contractTermId");
  in.shipping_cost = opt_money(body, "shippingCost");
  return in;
}

PaymentInput payment_input(const json::object& body) {
  PaymentInput in;
  in.amount = opt_money(body, "amount");
  in.method =
      opt_enum<PaymentMethod>(body, "method", parse_payment_method).value_or(PaymentMethod::kOther);
  in.reference = opt_string(body, "reference");
  in.notes = opt_string(body, "notes");
  return in;
}

}  // namespace

Response list_invoices(Context& ctx) {
  InvoiceQuery q;
  q.status = query_enum<InvoiceStatus>(ctx, "status", parse_invoice_status);
  q.company_id = query_text(ctx, "companyId");
  q.page = ctx.page();
  const auto page = ctx.engine().invoices().list(ctx.actor(), q);
  return paged(to_array(page.items, codec::invoice_list_item), page.info);
}

Response create_invoice(Context& ctx) {
  const NewInvoice in = new_invoice(ctx.body());
  return data(codec::invoice(ctx.engine().invoices().create(ctx.actor(), in)), 201);
}

Response get_invoice(Context& ctx) {
  return data(codec::invoice_detail(ctx.engine().invoices().get(ctx.actor(), ctx.param("id"))));
}

Response update_invoice(Context& ctx) {
  const auto& body = ctx.body();
  auto& invoices = ctx.engine().invoices();
  const std::string& id = ctx.param("id");
  const auto action = opt_string(body, "action");
  if (!action) {
    InvoiceUpdate u;
    u.notes = nullable_string(body, "notes");
    u.due_date = nullable_time(body, "dueDate");
    return data(codec::invoice(invoices.update(ctx.actor(), id, u)));
  }
  if (*action == "send")
    return data(codec::invoice(invoices.send(ctx.actor(), id, opt_string(body, "recipientEmail"))));
  if (*action == "void") return data(codec::invoice(invoices.void_invoice(ctx.actor(), id)));
  if (*action == "record_payment")
    return data(codec::invoice(invoices.record_payment(ctx.actor(), id, payment_input(body))));
  if (*action == "force_qb_resync")
    return data(codec::invoice(invoices.request_qb_resync(ctx.actor(), id)));
  throw_invalid_enum("action", *action);
}

Response list_invoice_serials(Context& ctx) {
  const auto devices = ctx.engine().invoices().serials(ctx.actor(), ctx.param("id"));
  return data(to_array(devices, [](const Device& d) { return codec::device(d); }));
}

Response assign_invoice_serials(Context& ctx) {
  const auto serials = opt_string_array(ctx.body(), "serialNumbers");
  if (!serials) throw Error::invalid("serialNumbers is required");
  const auto devices =
      ctx.engine().invoices().assign_serials(ctx.actor(), ctx.param("id"), *serials);
  return data(to_array(devices, [](const Device& d) { return codec::device(d); }));
}

}  // namespace crm::rest::handlers
