// The RFC 4180 reader and the checks that an upload is CSV text (core/imports/csv.hpp).
#include <doctest/doctest.h>

#include "core/imports/csv.hpp"
#include "crm/error.hpp"

using namespace crm;

namespace {

std::vector<std::vector<std::string>> fields_of(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : csv::parse(text)) out.push_back(r.fields);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

std::string invalid_message(std::string_view bytes) {
  try {
    csv::to_utf8_text(bytes);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("csv: plain records with LF, CRLF and a lone CR") {
  CHECK(fields_of("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields_of("a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields_of("a,b\r1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(fields_of("a,b\n1,2") == Rows{{"a", "b"}, {"1", "2"}});  // no final line break
}

TEST_CASE("csv: quoted fields hold commas, line breaks and doubled quotes") {
  const auto records = csv::parse(
      "name,address,note\r\n"
      "\"Joe's, Inc.\",\"12 Main St\r\nSuite 4\",\"say \"\"hi\"\"\"\r\n"
      "next,row,here\r\n");
  REQUIRE(records.size() == 3);
  CHECK(records[1].fields ==
        std::vector<std::string>{"Joe's, Inc.", "12 Main St\r\nSuite 4", "say \"hi\""});
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 4);  // the embedded line break counts
  CHECK_FALSE(records[1].error);
}

TEST_CASE("csv: empty fields, quoted empty fields and trailing commas") {
  CHECK(fields_of("a,,c\n") == Rows{{"a", "", "c"}});
  CHECK(fields_of("\"\",x\n") == Rows{{"", "x"}});
  CHECK(fields_of("a,b,\n") == Rows{{"a", "b", ""}});
  CHECK(fields_of(",\n") == Rows{{"", ""}});
}

TEST_CASE("csv: a UTF-8 byte-order mark is skipped, blank lines are not records") {
  const auto records = csv::parse("\xEF\xBB\xBFname,phone\n\n\r\nAcme,555\n\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields.front() == "name");
  CHECK(records[1].fields == std::vector<std::string>{"Acme", "555"});
  CHECK(records[1].line == 4);
}

TEST_CASE("csv: ragged rows are read as they are, for the caller to report") {
  CHECK(fields_of("a,b,c\n1,2\n1,2,3,4\n") ==
        Rows{{"a", "b", "c"}, {"1", "2"}, {"1", "2", "3", "4"}});
}

TEST_CASE("csv: a quote inside an unquoted field is a character") {
  CHECK(fields_of("5\" pipe,x\n") == Rows{{"5\" pipe", "x"}});
}

TEST_CASE("csv: text after a closing quote marks that record only") {
  const auto records = csv::parse("a,b\n\"x\"y,z\nok,fine\n");
  REQUIRE(records.size() == 3);
  REQUIRE(records[1].error);
  CHECK(*records[1].error == "line 2: text after a closing quote");
  CHECK(records[1].fields == std::vector<std::string>{"xy", "z"});
  CHECK_FALSE(records[2].error);
}

TEST_CASE("csv: an unclosed quote fails the whole input, naming its line") {
  try {
    csv::parse("a,b\n1,2\n3,\"never closed\n4,5\n");
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    CHECK(std::string(e.what()) == "line 3: a quoted field is not closed");
  }
}

TEST_CASE("csv: uploads that are not CSV text are refused by name") {
  CHECK(invalid_message("") == "file is empty");
  CHECK(invalid_message("\xEF\xBB\xBF \r\n") == "file is empty");
  CHECK(invalid_message(std::string("PK\x03\x04rest", 8)).starts_with("file is an Excel workbook"));
  CHECK(invalid_message("\xD0\xCF\x11\xE0....").starts_with("file is an old Excel workbook"));
  CHECK(invalid_message("%PDF-1.7") == "file is a PDF, not CSV");
  CHECK(invalid_message(std::string("name,phone\n\0\x01", 13)) == "file is binary, not CSV text");
}

TEST_CASE("csv: UTF-8 passes through, Windows-1252 is converted") {
  CHECK(csv::to_utf8_text("name\nCaf\xC3\xA9\n") == "name\nCaf\xC3\xA9\n");
  CHECK(csv::to_utf8_text("\xEF\xBB\xBFname\n") == "name\n");
  // 0xE9 is é and 0x93/0x94 are curly quotes in Windows-1252.
  CHECK(csv::to_utf8_text("name\nCaf\xE9 \x93"
                          "Best\x94\n") ==
        "name\nCaf\xC3\xA9 \xE2\x80\x9C"
        "Best\xE2\x80\x9D\n");
}
