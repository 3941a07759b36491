#include "adapters/rest/codecs/import_codecs.hpp"

#include <boost/json/array.hpp>

namespace crm::rest::codec {
namespace {

namespace json = boost::json;

json::value action(RecordAction a) {
  return a == RecordAction::kNone ? json::value(nullptr) : json::value(to_string(a));
}

}  // namespace

json::object import_row(const RowResult& r) {
  json::object out{{"row", r.row}};
  if (r.line > 0) out["line"] = r.line;
  out["status"] = to_string(r.status);
  if (r.status == RowStatus::kSkipped) out["reason"] = r.message;
  if (r.status == RowStatus::kError) out["message"] = r.message;
  out["company"] = action(r.company);
  out["contact"] = action(r.contact);
  out["lead"] = action(r.lead);
  json::array filled;
  for (const auto& f : r.filled) filled.emplace_back(f);
  out["filled"] = std::move(filled);
  if (r.company_id) out["companyId"] = *r.company_id;
  if (r.contact_id) out["contactId"] = *r.contact_id;
  if (r.lead_id) out["leadId"] = *r.lead_id;
  return out;
}

json::object import_report(const ImportReport& report) {
  json::array rows;
  rows.reserve(report.rows.size());
  for (const auto& r : report.rows) rows.emplace_back(import_row(r));
  json::array ignored;
  for (const auto& c : report.ignored_columns) ignored.emplace_back(c);
  const auto& s = report.summary;
  return {{"dryRun", report.dry_run},
          {"summary",
           {{"total", s.total},
            {"created", s.created},
            {"merged", s.merged},
            {"skipped", s.skipped},
            {"errors", s.errors}}},
          {"ignoredColumns", std::move(ignored)},
          {"rows", std::move(rows)}};
}

}  // namespace crm::rest::codec
