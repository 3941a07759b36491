// InvoiceService::create: a DRAFT invoice with its number, token, line items and totals.
#include "core/activity/activity_log.hpp"
#include "core/invoices/billing_jobs.hpp"
#include "core/invoices/invoice_math.hpp"
#include "core/invoices/invoice_number.hpp"
#include "core/invoices/payment_token.hpp"
#include "core/leads/lead_store.hpp"
#include "core/records/visibility.hpp"
#include "core/reference/reference_tables.hpp"
#include "core/reference/taxonomy_store.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/invoices.hpp"

namespace crm {
namespace {

// Checks what needs no database: required fields, quantities, amounts.
void check_input(const NewInvoice& in) {
  validate::required("companyId", in.company_id);
  if (in.line_items.empty()) throw Error::invalid("lineItems must have at least one item");
  for (std::size_t i = 0; i < in.line_items.size(); ++i) {
    const auto& line = in.line_items[i];
    const std::string field = "lineItems[" + std::to_string(i) + "]";
    if (validate::optional_trimmed(line.description).value_or("").empty())
      throw Error::invalid(field + ".description is required");
    if (line.quantity <= 0) throw Error::invalid(field + ".quantity must be greater than 0");
  }
  if (in.shipping_cost && *in.shipping_cost < 0)
    throw Error::invalid("shippingCost must not be negative");
}

// An active row of a reference table, else kInvalidArgument naming the field.
reference_tables::Row require_reference(sql::Connection& conn, const reference_tables::Spec& spec,
                                        const std::string& id, std::string_view field) {
  auto row = reference_tables::find(conn, spec, id);
  if (!row || !row->is_active)
    throw Error::invalid(std::string(field) + " must be an active " + std::string(spec.noun));
  return *row;
}

std::optional<std::string> default_agreement_template(sql::Connection& conn) {
  const auto res =
      conn.query("SELECT id FROM agreement_templates WHERE is_default = 1 AND is_active = 1");
  if (res.empty()) return std::nullopt;
  return res.first().text("id");
}

// Resolves and checks every reference of the form; fills the rate and the due date.
void resolve_references(sql::Connection& conn, const Actor& actor, const NewInvoice& in,
                        Invoice& inv, TimeMs now) {
  if (in.lead_id) {
    const Lead lead = lead_store::require_visible(conn, actor, *in.lead_id);
    if (lead.company_id && *lead.company_id != inv.company_id)
      throw Error::invalid("leadId must belong to the invoice's company");
    inv.lead_id = lead.id;
  }
  if (in.tax_rate_id) {
    inv.tax_rate =
        require_reference(conn, reference_tables::kTaxRates, *in.tax_rate_id, "taxRateId").value;
    inv.tax_rate_id = in.tax_rate_id;
  }
  if (in.agreement_template_id) {
    require_reference(conn, reference_tables::kAgreementTemplates, *in.agreement_template_id,
                      "agreementTemplateId");
    inv.agreement_template_id = in.agreement_template_id;
  } else {
    inv.agreement_template_id = default_agreement_template(conn);
  }
  if (in.payment_term_id) {
    const auto term = require_reference(conn, reference_tables::kPaymentTerms, *in.payment_term_id,
                                        "paymentTermId");
    inv.payment_term_id = in.payment_term_id;
    if (!inv.due_date) inv.due_date = now + term.value * kDayMs;
  }
  if (in.contract_term_id) {
    require_reference(conn, reference_tables::kContractTerms, *in.contract_term_id,
                      "contractTermId");
    inv.contract_term_id = in.contract_term_id;
  }
  struct TaxonomyRef {
    const std::optional<std::string>& id;
    TaxonomyType type;
    std::string_view field;
  };
  for (const TaxonomyRef& ref :
       {TaxonomyRef{in.backend_id, TaxonomyType::kBackend, "backendId"},
        TaxonomyRef{in.carrier_id, TaxonomyType::kCellularCarrier, "carrierId"},
        TaxonomyRef{in.shipping_type_id, TaxonomyType::kShippingType, "shippingTypeId"}})
    if (ref.id) taxonomy_store::require_of_type(conn, *ref.id, ref.type, ref.field);
  inv.backend_id = in.backend_id;
  inv.carrier_id = in.carrier_id;
  inv.shipping_type_id = in.shipping_type_id;
}

void insert(sql::Connection& conn, const Invoice& i, std::string_view token_hash) {
  conn.query(
      "INSERT INTO invoices (id, number, company_id, lead_id, status, subtotal, tax, "
      "tax_rate_milli, shipping_cost, total, amount_paid, due_date, notes, payment_token, "
      "payment_token_hash, agreement_template_id, tax_rate_id, backend_id, carrier_id, "
      "shipping_type_id, payment_term_id, contract_term_id, created_by_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      i.id, i.number, i.company_id, i.lead_id, to_string(i.status), i.subtotal, i.tax, i.tax_rate,
      i.shipping_cost, i.total, i.due_date, i.notes, i.payment_token, token_hash,
      i.agreement_template_id, i.tax_rate_id, i.backend_id, i.carrier_id, i.shipping_type_id,
      i.payment_term_id, i.contract_term_id, i.created_by_id, i.created_at, i.updated_at);
  for (const LineItem& line : i.line_items)
    conn.query(
        "INSERT INTO invoice_line_items (id, invoice_id, line_no, description, quantity_milli, "
        "unit_price, amount, product_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        line.id, i.id, line.position, line.description, line.quantity, line.unit_price, line.amount,
        line.product_code, i.created_at);
}

}  // namespace

Invoice InvoiceService::create(const Actor& actor, const NewInvoice& in) {
  check_input(in);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const TimeMs now = rt_.now();
    Invoice inv;
    inv.company_id = validate::required("companyId", in.company_id);
    visibility::require_company(conn, actor, inv.company_id);
    const bool taxable = conn.query("SELECT taxable FROM companies WHERE id = ?", inv.company_id)
                             .first()
                             .boolean("taxable");
    inv.due_date = in.due_date;
    resolve_references(conn, actor, in, inv, now);

    std::vector<invoice_math::Line> lines;
    for (const auto& l : in.line_items) lines.push_back({l.quantity, l.unit_price});
    const auto totals =
        invoice_math::compute(lines, taxable, inv.tax_rate, in.shipping_cost.value_or(0));
    if (totals.subtotal < 0) throw Error::invalid("lineItems must not add up to less than 0");
    for (std::size_t k = 0; k < in.line_items.size(); ++k) {
      const auto& l = in.line_items[k];
      inv.line_items.push_back({rt_.new_id(), static_cast<std::int64_t>(k + 1),
                                validate::required("description", l.description), l.quantity,
                                l.unit_price, totals.line_amounts[k],
                                validate::optional_trimmed(l.product_code)});
    }
    inv.subtotal = totals.subtotal;
    inv.tax = totals.tax;
    inv.shipping_cost = totals.shipping;
    inv.total = totals.total;

    inv.id = rt_.new_id();
    inv.number = invoice_number::allocate(conn, year_utc(now));
    inv.status = InvoiceStatus::kDraft;
    inv.notes = validate::optional_trimmed(in.notes);
    inv.payment_token = payment_token::generate();
    inv.created_by_id = actor.user_id;
    inv.created_at = inv.updated_at = now;
    insert(conn, inv, payment_token::hash(inv.payment_token));

    activity::append(
        conn, rt_,
        {"invoice_created", inv.lead_id, inv.company_id, actor.user_id,
         boost::json::object{
             {"invoiceId", inv.id}, {"number", inv.number}, {"total", format_money(inv.total)}}});
    billing_jobs::qb_sync_invoice(tx, rt_, inv.id, "created");
    return inv;
  });
}

}  // namespace crm
