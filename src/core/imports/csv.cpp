#include "core/imports/csv.hpp"

#include "crm/error.hpp"

namespace crm::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Length of the UTF-8 sequence at s[i], or 0 when it is not valid UTF-8 (overlongs, surrogates
// and values past U+10FFFF included).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned min;
  unsigned cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void append_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 -> UTF-8. Bytes 0x80-0x9F are the code page's own characters (curly quotes,
// euro sign, ...); its five unassigned bytes become their C1 code points.
std::string from_windows_1252(std::string_view s) {
  static constexpr unsigned kHigh[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    append_utf8(out, c >= 0x80 && c < 0xA0 ? kHigh[c - 0x80] : c);
  }
  return out;
}

}  // namespace

Reader::Reader(std::string_view text) : text_(text) {
  if (text_.starts_with(kBom)) pos_ = kBom.size();
}

bool Reader::consume_line_break() {
  if (at_end()) return false;
  if (text_[pos_] == '\r') {
    ++pos_;
    if (!at_end() && text_[pos_] == '\n') ++pos_;
  } else if (text_[pos_] == '\n') {
    ++pos_;
  } else {
    return false;
  }
  ++line_;
  return true;
}

bool Reader::next(Record& out) {
  while (consume_line_break()) {  // blank lines are not records
  }
  if (at_end()) return false;
  out.fields.clear();
  out.error.reset();
  out.line = line_;
  std::string field;
  for (;;) {
    field.clear();
    if (!at_end() && text_[pos_] == '"') {
      const std::size_t opened_on = line_;
      ++pos_;
      for (;;) {
        if (at_end())
          throw Error::invalid("line " + std::to_string(opened_on) +
                               ": a quoted field is not closed");
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            field += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\r' || c == '\n') {
          // Line breaks inside quotes are data; CRLF is kept as written.
          const std::size_t before = pos_;
          consume_line_break();
          field.append(text_.substr(before, pos_ - before));
          continue;
        }
        field += c;
        ++pos_;
      }
      // After the closing quote only a separator may follow; anything else is kept, reported.
      while (!at_end() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
        if (!out.error)
          out.error = "line " + std::to_string(line_) + ": text after a closing quote";
        field += text_[pos_++];
      }
    } else {
      const std::size_t end = text_.find_first_of(",\r\n", pos_);
      const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
      field.assign(text_.substr(pos_, stop - pos_));
      pos_ = stop;
    }
    out.fields.push_back(field);
    if (!at_end() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    consume_line_break();
    return true;
  }
}

std::vector<Record> parse(std::string_view text) {
  std::vector<Record> out;
  Reader reader(text);
  Record record;
  while (reader.next(record)) out.push_back(record);
  return out;
}

std::string to_utf8_text(std::string_view bytes) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw Error::invalid("file is empty");
  if (bytes.starts_with("PK\x03\x04"))
    throw Error::invalid(
        "file is an Excel workbook or a zip archive (.xlsx, .zip), not CSV: save it as CSV first");
  if (bytes.starts_with("\xD0\xCF\x11\xE0"))
    throw Error::invalid("file is an old Excel workbook (.xls), not CSV: save it as CSV first");
  if (bytes.starts_with("%PDF")) throw Error::invalid("file is a PDF, not CSV");
  if (bytes.find('\0') != std::string_view::npos)
    throw Error::invalid("file is binary, not CSV text");
  if (is_utf8(bytes)) return std::string(bytes);
  return from_windows_1252(bytes);
}

}  // namespace crm::csv
