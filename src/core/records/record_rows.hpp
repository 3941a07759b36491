#pragma once
// SELECT lists and row mappers for the records several services read.
//
// Each `*_columns(alias, prefix)` yields "alias.col AS prefixcol, ..." so one query can join
// several records; the matching `row_to_*(row, prefix)` reads them back. `take_*` read the same
// columns but move text values out of the row instead of copying them: for rows of a Result the
// caller owns and maps once. `read_*(view, at, prefix)` read the same columns from a RowView
// (Connection::each) starting at column `at`, in `*_columns` order, and advance `at` past them.

#include <string>
#include <string_view>
#include <vector>

#include "crm/companies.hpp"
#include "crm/ports/sql.hpp"
#include "crm/records.hpp"

namespace crm::rows {

std::string company_columns(std::string_view alias, std::string_view prefix);
Company row_to_company(const sql::Row& row, std::string_view prefix);
std::string company_summary_columns(std::string_view alias, std::string_view prefix);
CompanySummary row_to_company_summary(const sql::Row& row, std::string_view prefix);
CompanySummary take_company_summary(sql::Row& row, std::string_view prefix);
CompanySummary read_company_summary(const sql::RowView& row, int& at, std::string_view prefix);

std::string contact_columns(std::string_view alias, std::string_view prefix);
Contact row_to_contact(const sql::Row& row, std::string_view prefix);
Contact take_contact(sql::Row& row, std::string_view prefix);
Contact read_contact(const sql::RowView& row, int& at, std::string_view prefix);

std::string lead_columns(std::string_view alias, std::string_view prefix);
Lead row_to_lead(const sql::Row& row, std::string_view prefix);
Lead take_lead(sql::Row& row, std::string_view prefix);
Lead read_lead(const sql::RowView& row, int& at, std::string_view prefix);

std::string task_columns(std::string_view alias, std::string_view prefix);
Task row_to_task(const sql::Row& row, std::string_view prefix);
Task take_task(sql::Row& row, std::string_view prefix);
Task read_task(const sql::RowView& row, int& at, std::string_view prefix);

std::string user_summary_columns(std::string_view alias, std::string_view prefix);
// nullopt when the joined user is absent (LEFT JOIN produced NULLs).
std::optional<UserSummary> row_to_user_summary(const sql::Row& row, std::string_view prefix);

std::string activity_columns(std::string_view alias, std::string_view prefix);
Activity row_to_activity(const sql::Row& row, std::string_view prefix);
// An activity joined with its user (LEFT JOIN users, user columns under `user_prefix`).
Activity row_to_activity_with_user(const sql::Row& row, std::string_view prefix,
                                   std::string_view user_prefix);

// Invoices of one company or one lead (`owner_column` is "company_id" or "lead_id"), newest
// first, with balance = total - amountPaid.
std::vector<InvoiceSummary> invoice_summaries(sql::Connection& conn, std::string_view owner_column,
                                              std::string_view owner_id);

// "ORDER BY" fragment for tasks: dueAt ascending, undated last, then creation.
std::string task_order(std::string_view alias);

}  // namespace crm::rows
