#pragma once
// A small RFC 4180 CSV reader for the CLI's imports: quoted fields with commas, doubled quotes
// and line breaks, CRLF or LF, a UTF-8 byte-order mark. The first record is the header.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::cli {

struct CsvTable {
  std::vector<std::string> header;             // trimmed, lower-cased
  std::vector<std::vector<std::string>> rows;  // data records, as read
  // The first column whose header is one of `names` (lower case), if any.
  std::optional<std::size_t> column(std::initializer_list<std::string_view> names) const;
};

// Throws crm::Error(kInvalidArgument) on an unterminated quote or an empty file.
CsvTable parse_csv(std::string_view text);

// Reads and parses a file; kNotFound when it cannot be opened.
CsvTable read_csv_file(const std::string& path);

}  // namespace crm::cli
