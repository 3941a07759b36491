#pragma once
// Bulk creates from outside input (a JSON array, a CSV file): rows that do not even parse are
// reported invalid beside the rows the service judged, in input order.

#include <optional>
#include <string>
#include <vector>

#include "crm/fulfillment.hpp"

namespace crm::bulk_rows {

template <class Input>
struct Parsed {
  std::optional<Input> input;  // nullopt: the row did not parse
  std::string key;             // the serial/ICCID as given, when readable
  std::string error;           // why it did not parse
};

// Runs `create(valid inputs)` (InventoryService::create_devices / create_sims) and merges the
// unparsed rows into its report at their input positions.
template <class Input, class Create>
BulkReport create_parsed(const std::vector<Parsed<Input>>& rows, Create create) {
  std::vector<Input> valid;
  for (const auto& row : rows)
    if (row.input) valid.push_back(*row.input);
  const BulkReport judged = create(valid);
  BulkReport out{judged.created, judged.duplicates, judged.invalid, {}};
  std::size_t next = 0;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].input) {
      BulkRowResult r = judged.rows[next++];
      r.index = k;
      out.rows.push_back(std::move(r));
    } else {
      out.rows.push_back({k, rows[k].key, BulkOutcome::kInvalid, std::nullopt, rows[k].error});
      ++out.invalid;
    }
  }
  return out;
}

}  // namespace crm::bulk_rows
