#pragma once
// An RFC 4180 CSV reader. Pure (no I/O).
//
// Fields are separated by commas and records by CRLF, LF or a lone CR. A field in double quotes
// may hold commas, line breaks and doubled quotes (""). A quote inside an unquoted field is
// kept as a character (as spreadsheets write it). Blank lines are not records. Fields are not
// trimmed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::csv {

struct Record {
  std::vector<std::string> fields;
  std::size_t line = 0;  // the line the record starts on, 1-based
  // Malformed quoting confined to this record ("line 4: text after a closing quote"); the
  // fields are still read, the caller reports the row.
  std::optional<std::string> error;
};

// Reads records one at a time from `text` (UTF-8; a leading byte-order mark is skipped).
class Reader {
 public:
  explicit Reader(std::string_view text);

  // The next record into `out`; false at the end. Throws crm::Error(kInvalidArgument)
  // "line N: a quoted field is not closed" when a quoted field runs to the end of the input
  // (everything after it would be swallowed, so no row after it can be trusted).
  bool next(Record& out);

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  // Consumes a line break at pos_ (CRLF, LF or CR), counting the line; false when none is there.
  bool consume_line_break();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

// Every record of `text`.
std::vector<Record> parse(std::string_view text);

// Checks that `bytes` (an uploaded file) is CSV text and returns it as UTF-8. Text that is not
// valid UTF-8 is read as Windows-1252 (what Excel writes on Windows) and converted. Throws
// crm::Error(kInvalidArgument) naming the problem: "file is empty", "file is binary, not CSV
// text", "file is an Excel workbook (.xlsx), not CSV: save it as CSV first", ...
std::string to_utf8_text(std::string_view bytes);

}  // namespace crm::csv
