#include "core/util/time_zone.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

#include "core/util/validate.hpp"
#include "crm/error.hpp"

namespace crm::tz {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

}  // namespace

std::string_view Zone::name() const { return zone_->name(); }

LocalTime Zone::local(TimeMs t) const {
  const auto sys = date::sys_time<milliseconds>(milliseconds(t));
  const auto lt = zone_->to_local(sys);
  const auto day = date::floor<date::days>(lt);
  LocalTime out;
  out.day = day.time_since_epoch().count();
  out.minute = static_cast<int>(date::floor<minutes>(lt - day).count());
  out.weekday = static_cast<int>(date::weekday(day).c_encoding());
  return out;
}

TimeMs Zone::instant(std::int64_t day, int minute) const {
  const auto local = date::local_days(date::days(day)) + minutes(minute);
  // choose::earliest: the first of two occurrences; for a skipped local time both choices give
  // the instant of the transition.
  const auto sys = zone_->to_sys(local, date::choose::earliest);
  return std::chrono::duration_cast<milliseconds>(sys.time_since_epoch()).count();
}

std::optional<Zone> find(std::string_view name) {
  if (name.empty()) return std::nullopt;
  try {
    return Zone(date::locate_zone(name));
  } catch (const std::runtime_error&) {
    return std::nullopt;  // not in the database
  }
}

Zone find_or_default(std::string_view name) {
  if (auto zone = find(name)) return *zone;
  if (auto zone = find(kDefaultZoneName)) return *zone;
  throw Error::internal("the system time zone database has no " + std::string(kDefaultZoneName));
}

std::optional<std::string> field(std::string_view name, const std::optional<std::string>& raw) {
  auto value = validate::text(validate::line_field(name), raw);
  if (value && !find(*value))
    throw Error::invalid(std::string(name) +
                         " must be an IANA time zone name such as America/New_York");
  return value;
}

void apply_field(std::string_view name, const Nullable<std::string>& raw,
                 std::optional<std::string>& current) {
  if (raw) current = field(name, *raw);
}

}  // namespace crm::tz
