#pragma once
// Where a lead is, when nothing names its time zone (DOMAIN.md §8): US states and territories
// (and Canadian provinces) to IANA zones, and North American phone area codes to zones. For
// regions split across zones, the zone of most of the region. Pure lookups.

#include <optional>
#include <string>
#include <string_view>

namespace crm::us_zones {

// The two-letter code of a US state or territory given as a code or a full name, in any case
// ("fl", "Florida", " FL "); nullopt for anything else.
std::optional<std::string> state_code(std::string_view state);

// The zone of a state or territory (US), or of a province when `country` is "CA"/"Canada";
// nullopt when unknown. `country` empty counts as US.
std::optional<std::string_view> zone_of_state(std::string_view state, std::string_view country);

// The zone of a North American number (E.164 "+1NPA...") by its area code; nullopt for other
// numbers and unassigned area codes.
std::optional<std::string_view> zone_of_phone(std::string_view e164);

// The state of a North American number's area code where it matters for send windows (the
// states whose telephone-solicitation hours end at 20:00: "FL", "OK"); nullopt otherwise.
std::optional<std::string> curfew_state_of_phone(std::string_view e164);

// Florida and Oklahoma end telephone solicitation at 20:00 local time, the rest of the US at
// 21:00. `state_code` as returned by state_code().
bool ends_at_8pm(std::string_view state_code);

}  // namespace crm::us_zones
