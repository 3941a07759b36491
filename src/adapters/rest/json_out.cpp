#include "adapters/rest/json_out.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace crm::rest {
namespace {

// What Boost.JSON writes for each byte (boost/json/impl/serializer.ipp): 0 copies the byte,
// 'u' writes \u00XX (lower-case hex), any other letter writes a backslash and that letter.
constexpr char kEscape[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f',  'r', 'u', 'u',  // 0x00
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',  'u', 'u', 'u',  // 0x10
    0,   0,   '"', 0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    0,   0,   0,    // 0x20
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    0,   0,   0,    // 0x30
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,    0,   0,   0,    // 0x40
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   '\\', 0,   0,   0,    // 0x50
};

// Whether any of the 8 bytes at p is one kEscape escapes: a control byte (< 0x20), '"' or
// '\\' (bytes >= 0x80, UTF-8, are copied). Word-at-a-time tests ("Bit Twiddling Hacks":
// haszero, hasless), exact for the question "is there such a byte".
bool any_escaped(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
  return (control | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

char* put_2(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) { JsonOut(out).string(s); }

void append_iso(std::string& out, TimeMs t) { JsonOut(out).iso(t); }

JsonOut::JsonOut(std::string& out) : out_(out) {
  const std::size_t used = out_.size();
  out_.resize(out_.capacity());
  p_ = out_.data() + used;
  end_ = out_.data() + out_.size();
}

void JsonOut::finish() {
  out_.resize(static_cast<std::size_t>(p_ - out_.data()));
  p_ = end_ = out_.data() + out_.size();
}

void JsonOut::grow(std::size_t n) {
  const std::size_t used = static_cast<std::size_t>(p_ - out_.data());
  out_.resize(std::max(2 * out_.size(), used + n));
  p_ = out_.data() + used;
  end_ = out_.data() + out_.size();
}

void JsonOut::begin_value() {
  if (after_key_)
    after_key_ = false;
  else if (!first_)
    put(',');
  first_ = false;
}

JsonOut& JsonOut::begin_object() {
  begin_value();
  put('{');
  first_ = true;
  return *this;
}

JsonOut& JsonOut::end_object() {
  put('}');
  first_ = false;
  return *this;
}

JsonOut& JsonOut::begin_array() {
  begin_value();
  put('[');
  first_ = true;
  return *this;
}

JsonOut& JsonOut::end_array() {
  put(']');
  first_ = false;
  return *this;
}

JsonOut& JsonOut::key(std::string_view name) {
  char* p = room(name.size() + 4);
  if (!first_) *p++ = ',';
  *p++ = '"';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = '"';
  *p++ = ':';
  p_ = p;
  first_ = false;
  after_key_ = true;
  return *this;
}

JsonOut& JsonOut::string(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  begin_value();
  // Room for both quotes and every byte copied as is; an escaped byte asks for more.
  char* p = room(s.size() + 2);
  *p++ = '"';
  const char* in = s.data();
  const char* const end = in + s.size();
  while (in < end) {
    if (end - in >= 8 && !any_escaped(in)) {  // the common case: 8 plain bytes at once
      std::memcpy(p, in, 8);
      p += 8;
      in += 8;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(*in++);
    const char e = kEscape[c];
    if (!e) {
      *p++ = static_cast<char>(c);
      continue;
    }
    p_ = p;
    p = room(static_cast<std::size_t>(end - in) + 6 + 1);  // this escape, the rest, the quote
    *p++ = '\\';
    if (e == 'u') {
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = kHex[c >> 4];
      *p++ = kHex[c & 0xF];
    } else {
      *p++ = e;
    }
  }
  *p++ = '"';
  p_ = p;
  return *this;
}

JsonOut& JsonOut::integer(std::int64_t v) {
  begin_value();
  char* p = room(24);
  p_ = std::to_chars(p, p + 24, v).ptr;
  return *this;
}

JsonOut& JsonOut::boolean(bool v) {
  begin_value();
  if (v)
    put("true", 4);
  else
    put("false", 5);
  return *this;
}

JsonOut& JsonOut::null() {
  begin_value();
  put("null", 4);
  return *this;
}

JsonOut& JsonOut::money(Cents cents) {
  if (cents % 100 == 0) return integer(cents / 100);
  begin_value();
  // As codecs' money() and write_json: the shortest decimal form of the double.
  const double d = static_cast<double>(cents) / 100.0;
  char* p = room(64);
  p_ = std::to_chars(p, p + 64, d).ptr;
  return *this;
}

JsonOut& JsonOut::iso(TimeMs t) {
  begin_value();
  // Days since 1970-01-01 to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date
  // Algorithms"), as format_iso computes through <chrono>.
  const TimeMs day = (t >= 0 ? t : t - (kDayMs - 1)) / kDayMs;
  const TimeMs ms = t - day * kDayMs;
  const std::int64_t z = day + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const unsigned d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  const unsigned m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) {  // beyond four digits: format_iso's own widths
    const std::string text = format_iso(t);
    put('"');
    put(text.data(), text.size());
    put('"');
    return *this;
  }
  const unsigned yy = static_cast<unsigned>(y);
  const unsigned h = static_cast<unsigned>(ms / kHourMs);
  const unsigned mi = static_cast<unsigned>(ms / kMinuteMs % 60);
  const unsigned s = static_cast<unsigned>(ms / kSecondMs % 60);
  const unsigned milli = static_cast<unsigned>(ms % kSecondMs);
  // "YYYY-MM-DDTHH:MM:SS.mmmZ"
  char* p = room(26);
  *p++ = '"';
  p = put_2(p, yy / 100);
  p = put_2(p, yy % 100);
  *p++ = '-';
  p = put_2(p, m);
  *p++ = '-';
  p = put_2(p, d);
  *p++ = 'T';
  p = put_2(p, h);
  *p++ = ':';
  p = put_2(p, mi);
  *p++ = ':';
  p = put_2(p, s);
  *p++ = '.';
  *p++ = static_cast<char>('0' + milli / 100);
  p = put_2(p, milli % 100);
  *p++ = 'Z';
  *p++ = '"';
  p_ = p;
  return *this;
}

}  // namespace crm::rest
