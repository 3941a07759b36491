#pragma once
// JSON shape of an import report (POST /api/import, POST /api/imports/leads, crm import):
//   { dryRun, summary: {total, created, merged, skipped, errors}, ignoredColumns: [...],
//     rows: [{ row, line?, status, reason? (skipped), message? (error), company, contact, lead,
//              filled: [...], companyId?, contactId?, leadId? }] }
// company/contact/lead: "created" | "matched" | null.

#include <boost/json/object.hpp>

#include "crm/imports.hpp"

namespace crm::rest::codec {

boost::json::object import_row(const RowResult& row);
boost::json::object import_report(const ImportReport& report);

}  // namespace crm::rest::codec
