#include "core/leads/lead_score.hpp"

#include <algorithm>

namespace crm::lead_score {

int fit(const FitInputs& in) {
  int points = 0;
  if (in.has_icp_tag) points += kIcpPoints;
  if (in.has_email) points += kEmailPoints + (in.email_valid ? kVerifiedEmailPoints : 0);
  if (in.has_phone) points += kPhonePoints + (in.phone_mobile ? kMobilePoints : 0);
  return std::min(points, kMaxPart);
}

FitInputs fit_inputs(const Contact& c, bool company_has_icp_tag) {
  const bool has_email = c.email_normalized.has_value();
  const bool has_phone = c.phone_e164.has_value() || c.phone.has_value();
  return {company_has_icp_tag, has_email, has_email && c.email_status == "VALID", has_phone,
          has_phone && c.phone_type == "MOBILE"};
}

LeadScore make(int fit_points, int engagement) {
  LeadScore s;
  s.fit = std::clamp(fit_points, 0, kMaxPart);
  s.engagement = std::clamp(engagement, 0, kMaxPart);
  s.total = s.fit + s.engagement;
  return s;
}

}  // namespace crm::lead_score
