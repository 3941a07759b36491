// phone::to_e164 answers plain US numbers without libphonenumber; the answer must be the one
// libphonenumber gives. "+1 ..." forms always go through libphonenumber, so they are the oracle.
#include <doctest/doctest.h>

#include <random>

#include "core/util/phone.hpp"

using namespace crm;

TEST_CASE("phone: the US fast path agrees with libphonenumber") {
  std::mt19937 rng(7);
  const char* formats[] = {"(%s) %s-%s", "%s-%s-%s", "%s.%s.%s",
                           "%s %s %s",   "%s%s%s",   " (%s)%s-%s "};
  for (int i = 0; i < 2000; ++i) {
    char area[4], exchange[4], line[5];
    std::snprintf(area, sizeof area, "%03u", static_cast<unsigned>(rng() % 1000));
    std::snprintf(exchange, sizeof exchange, "%03u", static_cast<unsigned>(rng() % 1000));
    std::snprintf(line, sizeof line, "%04u", static_cast<unsigned>(rng() % 10000));
    char typed[64];
    std::snprintf(typed, sizeof typed, formats[i % 6], area, exchange, line);
    const std::string digits = std::string(area) + exchange + line;
    CAPTURE(typed);
    if (area[0] >= '2') CHECK(phone::to_e164(typed) == phone::to_e164("+1 " + digits));
    // Area codes starting 0 or 1 take libphonenumber's own path and answer what it says.
    CHECK(phone::to_e164(typed) == phone::to_e164(std::string(typed), "US"));
  }
  CHECK(phone::to_e164("(512) 555-0100") == "+15125550100");
  CHECK(phone::to_e164("512-555-0100 x12") == phone::to_e164("+1 512-555-0100 x12"));  // not fast
  CHECK(phone::to_e164("5125550100", "GB") != std::optional<std::string>("+15125550100"));
}
