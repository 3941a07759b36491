#include "crm/time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "crm/clock.hpp"

namespace crm {
namespace {

using namespace std::chrono;

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

}  // namespace

TimeMs SystemClock::now_ms() const {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_iso(TimeMs t) {
  const auto tp = sys_time<milliseconds>(milliseconds(t));
  const auto day = floor<days>(tp);
  const year_month_day ymd(day);
  const hh_mm_ss hms(tp - day);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                int(hms.subseconds().count()));
  return buf;
}

std::optional<TimeMs> parse_iso(std::string_view s) {
  int y, mo, d;
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) ||
      s[7] != '-' || !read_int(s, 8, 2, d))
    return std::nullopt;
  const year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  TimeMs ms = duration_cast<milliseconds>(sys_days(ymd).time_since_epoch()).count();
  if (s.size() == 10) return ms;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int h, mi, sec = 0;
  if (!read_int(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !read_int(s, 14, 2, mi))
    return std::nullopt;
  std::size_t pos = 16;
  int frac_ms = 0;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_int(s, pos + 1, 2, sec)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      int digits = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (digits < 3) frac_ms = frac_ms * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 3; ++i) frac_ms *= 10;
    }
  }
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  ms += ((h * 60LL + mi) * 60 + sec) * 1000 + frac_ms;
  if (pos == s.size()) return ms;
  if ((s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) return ms;
  if (s[pos] != '+' && s[pos] != '-') return std::nullopt;
  const int sign = s[pos] == '+' ? 1 : -1;
  int oh, om;
  if (!read_int(s, pos + 1, 2, oh)) return std::nullopt;
  std::size_t mpos = pos + 3;
  if (mpos < s.size() && s[mpos] == ':') ++mpos;
  if (!read_int(s, mpos, 2, om) || mpos + 2 != s.size() || oh > 23 || om > 59)
    return std::nullopt;
  return ms - sign * (oh * 60LL + om) * kMinuteMs;
}

TimeMs start_of_month_utc(TimeMs t) {
  const auto day = floor<days>(sys_time<milliseconds>(milliseconds(t)));
  const year_month_day ymd(day);
  const sys_days first{ymd.year() / ymd.month() / 1};
  return duration_cast<milliseconds>(first.time_since_epoch()).count();
}

int year_utc(TimeMs t) {
  const auto day = floor<days>(sys_time<milliseconds>(milliseconds(t)));
  return int(year_month_day(day).year());
}

}  // namespace crm
