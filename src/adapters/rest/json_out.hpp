#pragma once
// JSON written straight into a response body, for responses of a fixed shape on hot paths (the
// lead list, the signed-in user): no intermediate Boost.JSON DOM, no allocation per value.
//
// The text is byte for byte what write_json (json_writer.hpp) makes of the DOM the codecs
// build for the same record: strings escaped as Boost.JSON escapes them, integers in decimal,
// money as codecs' money() (whole dollars as integers, else the shortest decimal double),
// times as format_iso. tests/api/json_out_test.cpp holds the two side by side.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "crm/money.hpp"
#include "crm/time.hpp"

namespace crm::rest {

// Writes one JSON value into `out` (appending). Keys are written as given (callers pass
// literal identifiers that need no escaping); every other string is escaped. The caller
// balances begin_*/end_* calls.
//
// While it lives, a JsonOut writes through a cursor into `out`'s storage, grown to its
// capacity (reserve it first) and beyond when needed: each value is a few stores, not an
// append call per piece. `out` holds exactly the JSON written again once the JsonOut is
// destroyed (or after finish()); don't touch `out` before that.
class JsonOut {
 public:
  explicit JsonOut(std::string& out);
  ~JsonOut() { finish(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;
  // Cuts `out` to what was written. Writing on after it is allowed (it grows `out` again).
  void finish();

  JsonOut& begin_object();
  JsonOut& end_object();
  JsonOut& begin_array();
  JsonOut& end_array();
  // `"name":`, preceded by a comma unless it is the object's first member.
  JsonOut& key(std::string_view name);
  // The same for a literal name: its length is known here, so `,"name":` is put together with
  // fixed-size copies and appended once (a lead page writes ~2,000 keys).
  template <std::size_t N>
  JsonOut& key(const char (&name)[N]) {
    constexpr std::size_t n = N - 1;  // without the terminating zero
    char* p = room(n + 4);
    if (!first_) *p++ = ',';
    *p++ = '"';
    std::memcpy(p, name, n);
    p += n;
    *p++ = '"';
    *p++ = ':';
    p_ = p;
    first_ = false;
    after_key_ = true;
    return *this;
  }

  JsonOut& string(std::string_view s);
  JsonOut& string(const std::string& s) { return string(std::string_view(s)); }
  JsonOut& integer(std::int64_t v);
  JsonOut& boolean(bool v);
  JsonOut& null();
  JsonOut& money(Cents cents);
  JsonOut& iso(TimeMs t);
  JsonOut& string(const std::optional<std::string>& s) { return s ? string(*s) : null(); }
  JsonOut& integer(const std::optional<std::int64_t>& v) { return v ? integer(*v) : null(); }
  JsonOut& money(const std::optional<Cents>& c) { return c ? money(*c) : null(); }
  JsonOut& iso(const std::optional<TimeMs>& t) { return t ? iso(*t) : null(); }

  // Shorthands for key(name) followed by the value; `name` is a literal.
  template <std::size_t N, class T>
  JsonOut& string(const char (&name)[N], const T& v) {
    return key(name).string(v);
  }
  template <std::size_t N, class T>
  JsonOut& integer(const char (&name)[N], const T& v) {
    return key(name).integer(v);
  }
  template <std::size_t N>
  JsonOut& boolean(const char (&name)[N], bool v) {
    return key(name).boolean(v);
  }
  template <std::size_t N, class T>
  JsonOut& money(const char (&name)[N], const T& v) {
    return key(name).money(v);
  }
  template <std::size_t N, class T>
  JsonOut& iso(const char (&name)[N], const T& v) {
    return key(name).iso(v);
  }

 private:
  void begin_value();  // a comma between array elements
  // The cursor, with at least n bytes of room after it.
  char* room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) grow(n);
    return p_;
  }
  void grow(std::size_t n);
  void put(char c) {
    *room(1) = c;
    ++p_;
  }
  void put(const char* s, std::size_t n) {
    std::memcpy(room(n), s, n);
    p_ += n;
  }

  std::string& out_;
  char* p_ = nullptr;       // next byte to write, in out_'s storage
  char* end_ = nullptr;     // end of out_'s storage (its size while writing)
  bool first_ = true;       // the next member or element is its container's first
  bool after_key_ = false;  // the next value is a member's, its comma already written
};

// Appends `s` as a JSON string literal, escaped exactly as Boost.JSON's serializer does.
void append_json_string(std::string& out, std::string_view s);
// Appends format_iso(t) without making a string.
void append_iso(std::string& out, TimeMs t);

}  // namespace crm::rest
