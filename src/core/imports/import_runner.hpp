#pragma once
// Runs normalized rows through ingestLead, committing in batches or as a dry run.
//
// Commit: batches of `batch_rows` rows, one write transaction each, so no transaction holds the
// writer for a whole file. A batch that fails is retried one row per transaction: rows that
// succeed on their own land, the row that fails is reported as an error. A database that is
// unavailable stops the import; the rows not yet imported are reported as errors.
//
// Dry run: the same code over the same rows in ONE write transaction that is rolled back (it
// must see its own earlier rows to report duplicates within the file exactly as the commit
// will). A row whose statement fails marks the transaction unusable, so the dry run starts
// again with that row reported as an error, as the commit's row-by-row retry would. The report
// is built inside the transaction and leaves it in the exception that rolls it back, so a
// retried attempt starts from an empty report.

#include <cstddef>
#include <variant>
#include <vector>

#include "core/ingest/lead_normalize.hpp"
#include "crm/imports.hpp"
#include "crm/user.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::imports {

struct PreparedRow {
  std::size_t row = 0;
  std::size_t line = 0;
  std::variant<ingest::Normalized, ingest::Rejected> lead;
};

ImportReport run(detail::Runtime& rt, const Actor& actor, const std::vector<PreparedRow>& rows,
                 bool dry_run, std::size_t batch_rows, const ImportProgress& progress);

}  // namespace crm::imports
