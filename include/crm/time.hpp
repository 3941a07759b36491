#pragma once
// Time values: int64 milliseconds since the Unix epoch, UTC. ISO-8601 at the edges.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm {

using TimeMs = std::int64_t;

inline constexpr TimeMs kSecondMs = 1000;
inline constexpr TimeMs kMinuteMs = 60 * kSecondMs;
inline constexpr TimeMs kHourMs = 60 * kMinuteMs;
inline constexpr TimeMs kDayMs = 24 * kHourMs;

// "2026-11-24T10:00:00.000Z"
std::string format_iso(TimeMs t);

// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff]]" with "Z", "+HH:MM", "+HHMM" or no
// offset (taken as UTC). Returns nullopt on anything else.
std::optional<TimeMs> parse_iso(std::string_view text);

// Start of the calendar month (UTC) that contains t.
TimeMs start_of_month_utc(TimeMs t);
// Calendar year (UTC) of t.
int year_utc(TimeMs t);

}  // namespace crm
