#include "core/sequences/lead_clock.hpp"

#include "core/reference/settings_store.hpp"
#include "core/util/us_time_zones.hpp"
#include "crm/error.hpp"

namespace crm::lead_clock {
namespace {

constexpr std::string_view kDefaultZoneSetting = "default_timezone";

std::optional<tz::Zone> zone_of(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  return tz::find(*name);
}

}  // namespace

Clock resolve(const Facts& f) {
  std::optional<std::string> state;
  if (f.address_state) state = us_zones::state_code(*f.address_state);
  if (!state && f.phone_e164) state = us_zones::curfew_state_of_phone(*f.phone_e164);

  std::optional<tz::Zone> zone;
  std::string source;
  const auto take = [&](std::optional<tz::Zone> z, std::string_view from) {
    if (zone || !z) return;
    zone = z;
    source = from;
  };
  take(zone_of(f.contact_time_zone), "contact");
  take(zone_of(f.company_time_zone), "company");
  if (f.address_state) {
    const auto name = us_zones::zone_of_state(*f.address_state, f.address_country.value_or(""));
    if (name) take(tz::find(*name), "address");
  }
  if (f.phone_e164) {
    if (const auto name = us_zones::zone_of_phone(*f.phone_e164)) take(tz::find(*name), "phone");
  }
  take(zone_of(f.default_setting), "setting");
  take(tz::find_or_default(tz::kDefaultZoneName), "default");

  Clock out{std::string(zone->name()), source, state,
            planner::Recipient{*zone, state && us_zones::ends_at_8pm(*state)}};
  return out;
}

Clock load(sql::Connection& conn, const SecretBox& secrets, std::string_view lead_id) {
  const auto res = conn.query(
      "SELECT ct.time_zone AS contact_zone, ct.phone_e164 AS phone, c.time_zone AS company_zone, "
      "(SELECT a.state FROM addresses a WHERE a.company_id = l.company_id ORDER BY "
      "a.is_default_shipping DESC, a.is_default_billing DESC, a.created_at, a.id LIMIT 1) AS "
      "state, "
      "(SELECT a.country FROM addresses a WHERE a.company_id = l.company_id ORDER BY "
      "a.is_default_shipping DESC, a.is_default_billing DESC, a.created_at, a.id LIMIT 1) AS "
      "country "
      "FROM leads l JOIN contacts ct ON ct.id = l.contact_id "
      "LEFT JOIN companies c ON c.id = l.company_id WHERE l.id = ?",
      lead_id);
  if (res.empty()) throw Error::not_found("Lead not found");
  const auto& r = res.first();
  Facts f;
  f.contact_time_zone = r.opt_text("contact_zone");
  f.company_time_zone = r.opt_text("company_zone");
  f.address_state = r.opt_text("state");
  f.address_country = r.opt_text("country");
  f.phone_e164 = r.opt_text("phone");
  f.default_setting = settings_store::get(conn, secrets, kDefaultZoneSetting);
  return resolve(f);
}

}  // namespace crm::lead_clock
