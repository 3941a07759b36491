// ImportService: reads the input (CSV or parsed rows), checks the import's options, normalizes
// every row, then hands them to the runner (import_runner.hpp).
#include "core/companies/company_repo.hpp"
#include "core/imports/csv.hpp"
#include "core/imports/import_runner.hpp"
#include "core/imports/lead_columns.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/imports.hpp"

namespace crm {
namespace {

constexpr const char* kMapsSource = "google_maps";
constexpr const char* kImportSource = "import";

Error too_large(std::string message) { return {ErrorCode::kPayloadTooLarge, std::move(message)}; }

void check_row_count(std::size_t rows) {
  if (rows > ImportService::kMaxRows)
    throw too_large("at most " + std::to_string(ImportService::kMaxRows) +
                    " rows per import; split the file");
}

bool is_slug(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// The import's defaults, checked once: an active ICP tag (its name is the default business
// label) and an active rep.
ingest::Defaults lead_defaults(detail::Runtime& rt, const LeadImportOptions& o) {
  ingest::Defaults d;
  const std::string icp = text::trim(o.icp_tag);
  if (icp.empty()) throw Error::invalid("icpTag is required");
  if (!is_slug(icp)) throw Error::invalid("icpTag must be a tag slug (a-z, 0-9, -)");
  auto tx = rt.db->read();
  const auto tag =
      tx->query("SELECT name FROM tags WHERE slug = ? AND category = 'ICP' AND is_active = 1", icp);
  if (tag.empty()) throw Error::invalid("icpTag must be an active ICP tag: " + icp);
  d.icp_tag = icp;
  d.business_label = validate::optional_trimmed(o.business_label);
  if (!d.business_label) d.business_label = tag.first().text("name");
  d.source = validate::optional_trimmed(o.source_label).value_or(kMapsSource);
  d.assigned_rep_id = validate::optional_trimmed(o.assigned_rep_id);
  if (d.assigned_rep_id) company_repo::require_active_user(tx->connection(), *d.assigned_rep_id);
  d.company_required = true;
  return d;
}

imports::PreparedRow prepare(std::size_t row, std::size_t line, const LeadInput& input,
                             const ingest::Defaults& defaults) {
  return {row, line, ingest::normalize(input, defaults)};
}

imports::PreparedRow reject(std::size_t row, std::size_t line, std::string message) {
  return {row, line, ingest::Rejected{RowStatus::kError, std::move(message)}};
}

}  // namespace

std::string_view to_string(RowStatus s) {
  switch (s) {
    case RowStatus::kCreated:
      return "created";
    case RowStatus::kMerged:
      return "merged";
    case RowStatus::kSkipped:
      return "skipped";
    case RowStatus::kError:
      return "error";
  }
  return "error";
}

std::string_view to_string(RecordAction a) {
  switch (a) {
    case RecordAction::kNone:
      return "none";
    case RecordAction::kCreated:
      return "created";
    case RecordAction::kMatched:
      return "matched";
  }
  return "none";
}

ImportService::ImportService(detail::Runtime& rt) : rt_(rt) {}

ImportReport ImportService::import_leads_csv(const Actor& actor, std::string_view bytes,
                                             const LeadImportOptions& options) {
  if (bytes.size() > kMaxCsvBytes) throw too_large("file is larger than 20 MiB");
  const ingest::Defaults defaults = lead_defaults(rt_, options);
  const std::string text = csv::to_utf8_text(bytes);

  csv::Reader reader(text);
  csv::Record record;
  if (!reader.next(record)) throw Error::invalid("file is empty");
  if (record.error) throw Error::invalid("header: " + *record.error);
  const auto mapping = lead_columns::map_header(record.fields);
  const std::size_t width = record.fields.size();

  std::vector<imports::PreparedRow> rows;
  while (reader.next(record)) {
    const std::size_t row = rows.size() + 1;
    check_row_count(row);
    if (record.error) {
      rows.push_back(reject(row, record.line, *record.error));
    } else if (record.fields.size() != width) {
      rows.push_back(reject(row, record.line,
                            "row has " + std::to_string(record.fields.size()) +
                                " fields, the header has " + std::to_string(width)));
    } else {
      rows.push_back(
          prepare(row, record.line, lead_columns::to_input(mapping, record.fields), defaults));
    }
  }
  if (rows.empty()) throw Error::invalid("file has a header but no rows");

  ImportReport report =
      imports::run(rt_, actor, rows, options.dry_run, batch_rows_, options.on_progress);
  report.ignored_columns = mapping.ignored;
  return report;
}

ImportReport ImportService::import_leads(const Actor& actor, const std::vector<LeadInput>& inputs,
                                         const ContactImportOptions& options) {
  check_row_count(inputs.size());
  ingest::Defaults defaults;
  defaults.source = validate::optional_trimmed(options.source_label).value_or(kImportSource);
  std::vector<imports::PreparedRow> rows;
  rows.reserve(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i)
    rows.push_back(prepare(i + 1, 0, inputs[i], defaults));
  return imports::run(rt_, actor, rows, options.dry_run, batch_rows_, options.on_progress);
}

}  // namespace crm
