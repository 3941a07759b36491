#include "core/util/text_rules.hpp"

namespace crm::text_rules {
namespace {

// Decodes the code point at s[i], advancing i; -1 when the bytes there are not well-formed
// UTF-8 (RFC 3629: shortest form only, no surrogates, at most U+10FFFF).
long decode(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra;
  long cp;
  long min;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    return -1;
  }
  if (i + static_cast<std::size_t>(extra) >= s.size()) return -1;  // truncated sequence
  for (int k = 1; k <= extra; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return -1;
    cp = cp << 6 | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool is_bidi_control(long cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

Problem check(std::string_view s, bool multi_line) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const long cp = decode(s, i);
    if (cp < 0) return Problem::kInvalidUtf8;
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
      const bool newline = cp == '\n' || (cp == '\r' && at + 1 < s.size() && s[at + 1] == '\n');
      if (!(multi_line && (cp == '\t' || newline))) return Problem::kControl;
    }
    if (is_bidi_control(cp)) return Problem::kBidiControl;
  }
  return Problem::kNone;
}

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

}  // namespace crm::text_rules
