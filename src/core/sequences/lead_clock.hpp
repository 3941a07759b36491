#pragma once
// The lead's clock (DOMAIN.md §8): the IANA zone its messages are timed by, and the state
// whose rules apply, resolved in this order:
//   1. the contact's timeZone   2. the company's timeZone
//   3. the company's address (default shipping, else default billing, else the first): its
//      state -> the zone of most of that state (provinces when the country is Canada)
//   4. the contact's phone: its area code -> zone
//   5. the default_timezone setting   6. America/New_York
// The state (for Florida's and Oklahoma's 20:00 SMS end) comes from the address, else from the
// phone's area code.

#include <optional>
#include <string>
#include <string_view>

#include "core/sequences/planner.hpp"
#include "crm/ports/sql.hpp"

namespace crm {
class SecretBox;
}

namespace crm::lead_clock {

struct Facts {
  std::optional<std::string> contact_time_zone;
  std::optional<std::string> company_time_zone;
  std::optional<std::string> address_state;
  std::optional<std::string> address_country;
  std::optional<std::string> phone_e164;
  std::optional<std::string> default_setting;  // the default_timezone setting
};

struct Clock {
  std::string zone_name;
  std::string source;                // contact, company, address, phone, setting, default
  std::optional<std::string> state;  // two-letter US state code, when known
  planner::Recipient recipient;
};

// Pure: applies the order above. A stored zone name the database does not know is skipped.
Clock resolve(const Facts& facts);

// Reads the facts of `lead_id` (it must exist) and resolves them.
Clock load(sql::Connection& conn, const SecretBox& secrets, std::string_view lead_id);

}  // namespace crm::lead_clock
