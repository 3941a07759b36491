#pragma once
// IANA time zones from the operating system's tz database (/usr/share/zoneinfo), DST rules
// included, through Howard Hinnant's date/tz built with USE_OS_TZDB. Local times are always
// computed from a zone's rules for the instant in question, never from a fixed UTC offset.
// Thread-safe: the database is loaded once, on first use, and never changes afterwards.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crm/patch.hpp"
#include "crm/time.hpp"

namespace date {
class time_zone;
}

namespace crm::tz {

// The wall clock of one zone at one instant.
struct LocalTime {
  std::int64_t day = 0;  // local calendar day, counted from 1970-01-01
  int minute = 0;        // minute of that local day, 0..1439
  int weekday = 0;       // 0 = Sunday .. 6 = Saturday
};

// A zone of the system database. Cheap to copy; valid for the life of the process.
class Zone {
 public:
  std::string_view name() const;
  LocalTime local(TimeMs t) const;
  // The first instant at which this zone's clocks show `minute` (0..1440; 1440 = the next
  // day's midnight) of local day `day`. A local time that a DST change skips (02:30 on the
  // spring-forward night) maps to the instant of the change; one that happens twice (01:30 on
  // the fall-back night) to its first occurrence.
  TimeMs instant(std::int64_t day, int minute) const;

  friend bool operator==(const Zone& a, const Zone& b) { return a.zone_ == b.zone_; }

 private:
  explicit Zone(const date::time_zone* zone) : zone_(zone) {}
  friend std::optional<Zone> find(std::string_view name);
  const date::time_zone* zone_;
};

// The zone named `name` ("America/New_York"); nullopt for a name the database does not hold.
std::optional<Zone> find(std::string_view name);

// "America/New_York": the zone of last resort (DOMAIN.md §8).
inline constexpr std::string_view kDefaultZoneName = "America/New_York";
// find(name), else the default zone.
Zone find_or_default(std::string_view name);

// A stored `timeZone` field (contacts, companies): the trimmed name, nullopt when absent or
// blank; kInvalidArgument "<field> must be an IANA time zone name ..." when the database does
// not know it.
std::optional<std::string> field(std::string_view name, const std::optional<std::string>& raw);
// A partial update of such a field: absent keeps `current`, null or blank clears it.
void apply_field(std::string_view name, const Nullable<std::string>& raw,
                 std::optional<std::string>& current);

}  // namespace crm::tz
