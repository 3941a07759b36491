#pragma once
// Invoice, line item and payment rows inside a caller's transaction.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/invoices.hpp"
#include "crm/ports/sql.hpp"

namespace crm::invoice_rows {

std::string invoice_columns(std::string_view alias, std::string_view prefix);
Invoice to_invoice(const sql::Row& row, std::string_view prefix);

// Fills `line_items` of every invoice with one statement.
void attach_line_items(sql::Connection& conn, std::vector<Invoice>& invoices);
// Payments of the given invoices, oldest first.
std::vector<Payment> payments_of(sql::Connection& conn,
                                 const std::vector<std::string>& invoice_ids);

// The invoice with its line items, when it exists and its company is visible to `actor`
// (DOMAIN.md §3); kNotFound "Invoice not found" otherwise. kForUpdate locks the invoice row
// until the transaction ends (read-modify-write of status and amounts).
Invoice require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock = sql::Lock::kNone);

// The invoice whose payment token is `token`, with its line items: found by the token's hash,
// then the stored token compared in constant time. kNotFound "Not found" otherwise.
Invoice require_by_token(sql::Connection& conn, std::string_view token,
                         sql::Lock lock = sql::Lock::kNone);

}  // namespace crm::invoice_rows
