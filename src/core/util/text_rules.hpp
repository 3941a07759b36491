#pragma once
// What a stored text may contain (pure, no I/O): well-formed UTF-8, no control characters, no
// Unicode bidirectional controls. validate.hpp turns a problem into a 400 naming the field.

#include <cstddef>
#include <string_view>

namespace crm::text_rules {

enum class Problem {
  kNone,
  kInvalidUtf8,  // malformed, overlong, a surrogate, or past U+10FFFF
  kControl,      // C0 (NUL included), DEL or C1; tab and newline only where multi-line is allowed
  kBidiControl,  // U+202A..U+202E (embeddings, overrides), U+2066..U+2069 (isolates)
};

// The first problem of `s`. With `multi_line`, tab, LF and CR LF are allowed; a lone CR is not.
Problem check(std::string_view s, bool multi_line);

// Unicode code points in `s`. REQUIRES: check(s, ...) found no kInvalidUtf8.
std::size_t count_chars(std::string_view s);

}  // namespace crm::text_rules
