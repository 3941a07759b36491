#include "core/invoices/invoice_rows.hpp"

#include "core/invoices/payment_token.hpp"
#include "core/records/attach.hpp"
#include "core/records/row_reader.hpp"
#include "core/records/visibility.hpp"
#include "crm/error.hpp"

namespace crm::invoice_rows {

using rows::Reader;

std::string invoice_columns(std::string_view a, std::string_view p) {
  return rows::select_list(a, p,
                           {"id",
                            "number",
                            "company_id",
                            "lead_id",
                            "status",
                            "subtotal",
                            "tax",
                            "tax_rate_milli",
                            "shipping_cost",
                            "total",
                            "amount_paid",
                            "due_date",
                            "notes",
                            "payment_token",
                            "sent_at",
                            "paid_at",
                            "voided_at",
                            "recipient_email",
                            "agreement_template_id",
                            "tax_rate_id",
                            "backend_id",
                            "carrier_id",
                            "shipping_type_id",
                            "payment_term_id",
                            "contract_term_id",
                            "qb_invoice_id",
                            "signed_name",
                            "signed_at",
                            "signed_ip_addr",
                            "signed_user_agent",
                            "created_by_id",
                            "created_at",
                            "updated_at"});
}

Invoice to_invoice(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  Invoice i;
  i.id = r.text("id");
  i.number = r.text("number");
  i.company_id = r.text("company_id");
  i.lead_id = r.opt("lead_id");
  i.status = parse_invoice_status(r.text("status")).value_or(InvoiceStatus::kDraft);
  i.subtotal = r.integer("subtotal");
  i.tax = r.integer("tax");
  i.tax_rate = r.opt_int("tax_rate_milli");
  i.shipping_cost = r.integer("shipping_cost");
  i.total = r.integer("total");
  i.amount_paid = r.integer("amount_paid");
  i.due_date = r.opt_int("due_date");
  i.notes = r.opt("notes");
  i.payment_token = r.text("payment_token");
  i.sent_at = r.opt_int("sent_at");
  i.paid_at = r.opt_int("paid_at");
  i.voided_at = r.opt_int("voided_at");
  i.recipient_email = r.opt("recipient_email");
  i.agreement_template_id = r.opt("agreement_template_id");
  i.tax_rate_id = r.opt("tax_rate_id");
  i.backend_id = r.opt("backend_id");
  i.carrier_id = r.opt("carrier_id");
  i.shipping_type_id = r.opt("shipping_type_id");
  i.payment_term_id = r.opt("payment_term_id");
  i.contract_term_id = r.opt("contract_term_id");
  i.qb_invoice_id = r.opt("qb_invoice_id");
  i.signed_name = r.opt("signed_name");
  i.signed_at = r.opt_int("signed_at");
  i.signed_ip_addr = r.opt("signed_ip_addr");
  i.signed_user_agent = r.opt("signed_user_agent");
  i.created_by_id = r.opt("created_by_id");
  i.created_at = r.integer("created_at");
  i.updated_at = r.integer("updated_at");
  return i;
}

void attach_line_items(sql::Connection& conn, std::vector<Invoice>& invoices) {
  if (invoices.empty()) return;
  const auto res = conn.query(
      "SELECT id, invoice_id, line_no, description, quantity_milli, unit_price, amount, "
      "product_code FROM invoice_line_items WHERE " +
          conn.in_text_list("invoice_id") + " ORDER BY invoice_id, line_no",
      sql::Connection::text_list(rows::ids_of(invoices)));
  rows::attach(invoices, res.map([](const sql::Row& row) {
    return std::pair(row.text("invoice_id"),
                     LineItem{row.text("id"), row.integer("line_no"), row.text("description"),
                              row.integer("quantity_milli"), row.integer("unit_price"),
                              row.integer("amount"), row.opt_text("product_code")});
  }),
               &Invoice::line_items);
}

std::vector<Payment> payments_of(sql::Connection& conn, const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  return conn
      .query(
          "SELECT id, invoice_id, amount, method, reference, notes, stripe_payment_id, "
          "received_at, created_by_id, created_at FROM payments WHERE " +
              conn.in_text_list("invoice_id") + " ORDER BY received_at, id",
          sql::Connection::text_list(ids))
      .map([](const sql::Row& r) {
        return Payment{r.text("id"),
                       r.text("invoice_id"),
                       r.integer("amount"),
                       parse_payment_method(r.text("method")).value_or(PaymentMethod::kOther),
                       r.opt_text("reference"),
                       r.opt_text("notes"),
                       r.opt_text("stripe_payment_id"),
                       r.integer("received_at"),
                       r.opt_text("created_by_id"),
                       r.integer("created_at")};
      });
}

Invoice require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock) {
  const auto res = conn.query("SELECT " + invoice_columns("i", "") +
                                  ", c.assigned_rep_id AS company_rep_id FROM invoices i "
                                  "JOIN companies c ON c.id = i.company_id WHERE i.id = ?" +
                                  conn.lock_clause(lock, "i"),
                              id);
  if (res.empty() ||
      !visibility::can_see_company_rep(actor, res.first().opt_text("company_rep_id")))
    throw Error::not_found("Invoice not found");
  std::vector<Invoice> one{to_invoice(res.first(), "")};
  attach_line_items(conn, one);
  return std::move(one.front());
}

Invoice require_by_token(sql::Connection& conn, std::string_view token, sql::Lock lock) {
  const auto res = conn.query("SELECT " + invoice_columns("i", "") +
                                  " FROM invoices i WHERE i.payment_token_hash = ?" +
                                  conn.lock_clause(lock, "i"),
                              payment_token::hash(token));
  // Compare even when nothing was found, so a miss costs what a hit costs.
  const std::string stored =
      res.empty() ? std::string(token.size(), '\0') + "x" : res.first().text("payment_token");
  if (!payment_token::equals(stored, token) || res.empty()) throw Error::not_found("Not found");
  std::vector<Invoice> one{to_invoice(res.first(), "")};
  attach_line_items(conn, one);
  return std::move(one.front());
}

}  // namespace crm::invoice_rows
