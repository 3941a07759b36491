#pragma once
// Bulk lead sourcing (DOMAIN.md §15): CSV imports of Google Maps exports, JSON imports of
// contacts, both through the one merge routine ingestLead, with a dry run that reports exactly
// what a commit does.

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/user.hpp"

namespace crm {

// One incoming lead, from any source. Every field is text as received (numbers too), so that a
// malformed value is reported on its row instead of failing the whole request.
struct LeadInput {
  // The business
  std::optional<std::string> company_name;
  std::optional<std::string> website;
  std::optional<std::string> company_phone;
  std::optional<std::string> address;  // street, or a full "street, city, ST zip" line
  std::optional<std::string> city;
  std::optional<std::string> state;
  std::optional<std::string> zip;
  std::optional<std::string> country;
  std::optional<std::string> industry;
  std::optional<std::string> rating;        // Google rating, "4.6"
  std::optional<std::string> review_count;  // "1,234"
  std::optional<std::string> maps_url;
  std::optional<std::string> place_id;
  // The person
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> title;
  // The lead
  std::optional<std::string> stage;  // a stage name in any common spelling ("Closed Won")
  std::optional<std::string> source;
  std::optional<std::string> source_campaign;
  // A problem found while reading the row (a field of the wrong JSON type): the row is reported
  // as an error with this message.
  std::optional<std::string> input_error;
};

enum class RowStatus { kCreated, kMerged, kSkipped, kError };
std::string_view to_string(RowStatus s);

// What ingestLead did with a record: created it, matched an existing one, or did not touch it.
enum class RecordAction { kNone, kCreated, kMatched };
std::string_view to_string(RecordAction a);

struct RowResult {
  std::size_t row = 0;   // 1-based among the data rows (the CSV header is not a row)
  std::size_t line = 0;  // CSV: the line the row starts on (the header is line 1); JSON: 0
  RowStatus status = RowStatus::kSkipped;
  std::string message;  // skipped: the reason; error: what is wrong; else empty
  RecordAction company = RecordAction::kNone;
  RecordAction contact = RecordAction::kNone;
  RecordAction lead = RecordAction::kNone;
  // Blank fields a merge filled ("company.website", "contact.email", "lead.source", ...).
  std::vector<std::string> filled;
  // Ids of the records the row touched. A dry run reports only records that already existed
  // (what it created was rolled back); a commit reports all.
  std::optional<std::string> company_id;
  std::optional<std::string> contact_id;
  std::optional<std::string> lead_id;
};

struct ImportSummary {
  std::size_t total = 0;
  std::size_t created = 0;
  std::size_t merged = 0;
  std::size_t skipped = 0;
  std::size_t errors = 0;
};

// In a commit, created and merged rows are committed; skipped and error rows changed nothing.
// A dry run changed nothing and reports what the commit would do, row for row.
struct ImportReport {
  bool dry_run = false;
  ImportSummary summary;
  std::vector<RowResult> rows;
  std::vector<std::string> ignored_columns;  // CSV header names no alias matched
};

// Called between batches with rows done and rows in total (the CLI's progress bar).
using ImportProgress = std::function<void(std::size_t done, std::size_t total)>;

struct LeadImportOptions {
  std::string icp_tag;                         // required: an active ICP tag's slug
  std::optional<std::string> business_label;   // default: the ICP tag's name
  std::optional<std::string> source_label;     // lead and company source; default "google_maps"
  std::optional<std::string> assigned_rep_id;  // an active user; fills blank assignments
  bool dry_run = false;
  ImportProgress on_progress;
};

struct ContactImportOptions {
  std::optional<std::string> source_label;  // default "import"
  bool dry_run = false;
  ImportProgress on_progress;
};

namespace detail {
struct Runtime;
}

// Imports run with the rights of the acting user, which the REST adapter restricts to admins:
// ingestLead matches against every company. Thread-safe.
class ImportService {
 public:
  static constexpr std::size_t kMaxCsvBytes = 20u << 20;  // 20 MiB (413 above)
  static constexpr std::size_t kMaxRows = 50'000;         // per request (413 above)
  static constexpr std::size_t kDefaultBatchRows = 250;

  explicit ImportService(detail::Runtime& rt);

  // A Google Maps CSV export (RFC 4180, UTF-8 with or without BOM, Windows-1252 accepted) with
  // the header aliases of DOMAIN.md §15. kInvalidArgument naming the problem when the input is
  // not such a CSV; kPayloadTooLarge over the limits. Commits in batches of `batch_rows` rows: a
  // failed batch is retried row by row, so only the rows that fail are reported as errors.
  ImportReport import_leads_csv(const Actor& actor, std::string_view csv,
                                const LeadImportOptions& options);
  // Contacts/leads already parsed (POST /api/import): dedup on email and phone, stage names
  // mapped, each row through ingestLead.
  ImportReport import_leads(const Actor& actor, const std::vector<LeadInput>& rows,
                            const ContactImportOptions& options);

  // Rows per committed batch (tests make batches small to cross their boundaries).
  void set_batch_rows(std::size_t rows) { batch_rows_ = rows == 0 ? 1 : rows; }

 private:
  detail::Runtime& rt_;
  std::atomic<std::size_t> batch_rows_{kDefaultBatchRows};
};

}  // namespace crm
