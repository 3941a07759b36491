#include "core/invoices/recipient.hpp"

#include "core/util/text.hpp"
#include "crm/error.hpp"

namespace crm::recipient {
namespace {

bool usable(const std::optional<std::string>& email) {
  return email && !text::trim(*email).empty();
}

}  // namespace

std::string resolve(const std::optional<std::string>& requested, const Candidates& c) {
  if (requested && !text::trim(*requested).empty()) {
    const std::string wanted = text::normalize_email(*requested);
    bool known =
        usable(c.lead_contact_email) && text::normalize_email(*c.lead_contact_email) == wanted;
    for (const auto& email : c.company_contact_emails)
      known = known || text::normalize_email(email) == wanted;
    if (!known)
      throw Error::invalid("recipientEmail must belong to the lead's contact or a company contact");
    return wanted;
  }
  if (usable(c.lead_contact_email)) return text::normalize_email(*c.lead_contact_email);
  if (usable(c.primary_contact_email)) return text::normalize_email(*c.primary_contact_email);
  throw Error::invalid("recipientEmail is required: no contact email on the lead or company");
}

}  // namespace crm::recipient
