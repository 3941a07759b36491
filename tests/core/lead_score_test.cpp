// LeadScore arithmetic (DOMAIN.md §6).
#include <doctest/doctest.h>

#include "core/leads/lead_score.hpp"

using namespace crm;

TEST_CASE("lead score: fit from ICP tag and contact completeness") {
  using lead_score::FitInputs;
  CHECK(lead_score::fit(FitInputs{}) == 0);
  CHECK(lead_score::fit({true, false, false, false, false}) == 20);
  CHECK(lead_score::fit({false, true, false, false, false}) == 5);
  CHECK(lead_score::fit({false, true, true, false, false}) == 15);
  CHECK(lead_score::fit({false, false, false, true, false}) == 5);
  CHECK(lead_score::fit({false, false, false, true, true}) == 15);
  CHECK(lead_score::fit({true, true, true, true, true}) == 50);
}

TEST_CASE("lead score: inputs read from a contact") {
  Contact c;
  auto in = lead_score::fit_inputs(c, false);
  CHECK_FALSE(in.has_email);
  CHECK_FALSE(in.has_phone);
  c.email_normalized = "a@b.co";
  c.email_status = "VALID";
  c.phone = "555 123 4567";
  c.phone_e164 = "+15551234567";
  c.phone_type = "LANDLINE";
  in = lead_score::fit_inputs(c, true);
  CHECK(in.has_icp_tag);
  CHECK(in.email_valid);
  CHECK(in.has_phone);
  CHECK_FALSE(in.phone_mobile);
  CHECK(lead_score::fit(in) == 20 + 15 + 5);
  c.email_status = "RISKY";
  CHECK_FALSE(lead_score::fit_inputs(c, true).email_valid);
}

TEST_CASE("lead score: parts are clamped to 0..50 and summed") {
  auto s = lead_score::make(35, 10);
  CHECK(s.fit == 35);
  CHECK(s.engagement == 10);
  CHECK(s.total == 45);
  s = lead_score::make(80, 70);
  CHECK(s.fit == 50);
  CHECK(s.engagement == 50);
  CHECK(s.total == 100);
  CHECK(lead_score::make(-5, -1).total == 0);
}
