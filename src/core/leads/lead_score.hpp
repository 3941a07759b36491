#pragma once
// LeadScore (DOMAIN.md §6) as pure arithmetic: fit 0..50 from ICP tag presence and contact
// completeness, engagement 0..50, total = fit + engagement.

#include <string>

#include "crm/records.hpp"

namespace crm::lead_score {

inline constexpr int kMaxPart = 50;
inline constexpr int kIcpPoints = 20;            // the company carries an ICP tag
inline constexpr int kEmailPoints = 5;           // the contact has an email
inline constexpr int kVerifiedEmailPoints = 10;  // ... verified VALID
inline constexpr int kPhonePoints = 5;           // the contact has a phone
inline constexpr int kMobilePoints = 10;         // ... of type MOBILE

struct FitInputs {
  bool has_icp_tag = false;
  bool has_email = false;
  bool email_valid = false;   // emailStatus VALID
  bool has_phone = false;
  bool phone_mobile = false;  // phoneType MOBILE
};

int fit(const FitInputs& in);
FitInputs fit_inputs(const Contact& contact, bool company_has_icp_tag);
// Clamps both parts to 0..kMaxPart and sums them.
LeadScore make(int fit, int engagement);

}  // namespace crm::lead_score
