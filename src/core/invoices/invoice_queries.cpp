// InvoiceService reads: the list (page + batch loads of its relations) and the detail.
#include <map>

#include "core/companies/address_rows.hpp"
#include "core/companies/company_repo.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/fulfillment/inventory_rows.hpp"
#include "core/invoices/invoice_rows.hpp"
#include "core/leads/lead_store.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/reference/taxonomy_store.hpp"
#include "core/runtime.hpp"
#include "crm/invoices.hpp"

namespace crm {
namespace {

struct Filter {
  std::string where;
  std::vector<sql::Value> params;
};

Filter build_filter(const Actor& actor, const InvoiceQuery& q) {
  Filter f;
  f.where = " WHERE " + visibility::company_condition(actor, "c", f.params);
  if (q.status) {
    f.where += " AND i.status = ?";
    f.params.emplace_back(std::string(to_string(*q.status)));
  }
  if (q.company_id) {
    f.where += " AND i.company_id = ?";
    f.params.emplace_back(*q.company_id);
  }
  return f;
}

template <class T>
std::map<std::string, std::vector<T>> group_by_invoice(std::vector<T> items) {
  std::map<std::string, std::vector<T>> out;
  for (auto& item : items) out[item.invoice_id].push_back(std::move(item));
  return out;
}

}  // namespace

InvoiceService::InvoiceService(detail::Runtime& rt) : rt_(rt) {}

Page<InvoiceListItem> InvoiceService::list(const Actor& actor, const InvoiceQuery& query) {
  Filter f = build_filter(actor, query);
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const std::int64_t total =
      conn.run("SELECT COUNT(*) AS n FROM invoices i JOIN companies c ON c.id = i.company_id" +
                   f.where,
               f.params)
          .first()
          .integer("n");
  f.params.emplace_back(std::int64_t{query.page.limit});
  f.params.emplace_back(query.page.offset());
  const auto res =
      conn.run("SELECT " + invoice_rows::invoice_columns("i", "") + ", " +
                   rows::company_summary_columns("c", "c_") + ", " + rows::lead_columns("l", "l_") +
                   " FROM invoices i JOIN companies c ON c.id = i.company_id"
                   " LEFT JOIN leads l ON l.id = i.lead_id" +
                   f.where + " ORDER BY i.created_at DESC, i.id DESC LIMIT ? OFFSET ?",
               f.params);

  std::vector<Invoice> invoices;
  std::vector<std::string> ids;
  Page<InvoiceListItem> page;
  page.info = make_page_info(query.page, total);
  for (const auto& row : res.rows) {
    InvoiceListItem item;
    item.company = rows::row_to_company_summary(row, "c_");
    if (!row.is_null("l_id")) item.lead = rows::row_to_lead(row, "l_");
    invoices.push_back(invoice_rows::to_invoice(row, ""));
    ids.push_back(invoices.back().id);
    page.items.push_back(std::move(item));
  }
  invoice_rows::attach_line_items(conn, invoices);
  auto payments = group_by_invoice(invoice_rows::payments_of(conn, ids));
  auto orders = group_by_invoice(inventory_rows::orders_of_invoices(conn, ids));
  for (std::size_t k = 0; k < page.items.size(); ++k) {
    auto& item = page.items[k];
    item.invoice = std::move(invoices[k]);
    item.payments = std::move(payments[item.invoice.id]);
    item.fulfillment_orders = std::move(orders[item.invoice.id]);
  }
  return page;
}

InvoiceDetail InvoiceService::get(const Actor& actor, std::string_view id) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  InvoiceDetail d;
  d.invoice = invoice_rows::require_visible(conn, actor, id);
  d.company = company_repo::require_visible(conn, actor, d.invoice.company_id);
  d.contacts = contact_store::of_company(conn, d.company.id);
  d.addresses = address_rows::list(conn, d.company.id);
  if (d.invoice.lead_id) d.lead = lead_store::find(conn, *d.invoice.lead_id);
  d.payments = invoice_rows::payments_of(conn, {d.invoice.id});
  d.fulfillment_orders = inventory_rows::orders_of_invoices(conn, {d.invoice.id});
  d.devices = inventory_rows::devices_of_invoice(conn, d.invoice.id);
  if (d.invoice.carrier_id)
    if (auto carrier = taxonomy_store::find(conn, *d.invoice.carrier_id))
      d.carrier = TaxonomyValue{carrier->id, carrier->value};
  return d;
}

std::vector<Device> InvoiceService::serials(const Actor& actor, std::string_view id) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const Invoice inv = invoice_rows::require_visible(conn, actor, id);
  return inventory_rows::devices_of_invoice(conn, inv.id);
}

}  // namespace crm
