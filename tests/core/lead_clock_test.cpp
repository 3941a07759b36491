// The lead's clock (DOMAIN.md §8): which zone and state a lead's messages are timed by.
#include <doctest/doctest.h>

#include "core/sequences/lead_clock.hpp"
#include "core/util/us_time_zones.hpp"

using namespace crm;
using lead_clock::Facts;
using lead_clock::resolve;

TEST_CASE("lead clock: contact, company, address, phone, setting, default — in that order") {
  Facts f;
  f.contact_time_zone = "America/Denver";
  f.company_time_zone = "America/Chicago";
  f.address_state = "CA";
  f.phone_e164 = "+18085550100";  // Hawaii
  f.default_setting = "America/Phoenix";
  CHECK(resolve(f).zone_name == "America/Denver");
  CHECK(resolve(f).source == "contact");
  f.contact_time_zone.reset();
  CHECK(resolve(f).zone_name == "America/Chicago");
  f.company_time_zone = "Not/AZone";  // unknown names are skipped
  CHECK(resolve(f).zone_name == "America/Los_Angeles");
  CHECK(resolve(f).source == "address");
  f.address_state.reset();
  CHECK(resolve(f).zone_name == "Pacific/Honolulu");
  CHECK(resolve(f).source == "phone");
  f.phone_e164 = "+447700900123";  // not North American
  CHECK(resolve(f).zone_name == "America/Phoenix");
  CHECK(resolve(f).source == "setting");
  f.default_setting = "Atlantis/Capital";
  CHECK(resolve(f).zone_name == "America/New_York");
  CHECK(resolve(f).source == "default");
  CHECK(resolve(Facts{}).zone_name == "America/New_York");
}

TEST_CASE("lead clock: states and provinces; split states take the zone of most people") {
  Facts f;
  f.address_state = "Texas";
  CHECK(resolve(f).zone_name == "America/Chicago");
  f.address_state = " az ";
  CHECK(resolve(f).zone_name == "America/Phoenix");
  f.address_state = "Indiana";
  CHECK(resolve(f).zone_name == "America/Indiana/Indianapolis");
  f.address_state = "HI";
  CHECK(resolve(f).zone_name == "Pacific/Honolulu");
  f.address_state = "BC";
  f.address_country = "CA";
  CHECK(resolve(f).zone_name == "America/Vancouver");
  f.address_country = "US";
  f.address_state = "Narnia";
  CHECK(resolve(f).source == "default");
}

TEST_CASE("lead clock: area codes, and the Florida / Oklahoma SMS end") {
  CHECK(us_zones::zone_of_phone("+12125550100") ==
        std::optional<std::string_view>("America/New_York"));
  CHECK(us_zones::zone_of_phone("+13125550100") ==
        std::optional<std::string_view>("America/Chicago"));
  CHECK(us_zones::zone_of_phone("+16025550100") ==
        std::optional<std::string_view>("America/Phoenix"));
  CHECK(us_zones::zone_of_phone("+19155550100") ==
        std::optional<std::string_view>("America/Denver"));
  CHECK(us_zones::zone_of_phone("+14165550100") ==
        std::optional<std::string_view>("America/Toronto"));
  CHECK_FALSE(us_zones::zone_of_phone("+19995550100").has_value());
  CHECK_FALSE(us_zones::zone_of_phone("2125550100").has_value());

  Facts f;
  f.phone_e164 = "+13055550100";  // Miami
  auto c = resolve(f);
  CHECK(c.zone_name == "America/New_York");
  CHECK(c.state == std::optional<std::string>("FL"));
  CHECK(c.recipient.sms_ends_at_8pm);
  f.phone_e164 = "+14055550100";  // Oklahoma City
  c = resolve(f);
  CHECK(c.zone_name == "America/Chicago");
  CHECK(c.recipient.sms_ends_at_8pm);
  // The address's state wins over the phone's; an explicit zone keeps the state's rule.
  f.address_state = "Georgia";
  CHECK_FALSE(resolve(f).recipient.sms_ends_at_8pm);
  f.address_state = "florida";
  f.contact_time_zone = "America/Chicago";  // the panhandle
  c = resolve(f);
  CHECK(c.zone_name == "America/Chicago");
  CHECK(c.recipient.sms_ends_at_8pm);
}
