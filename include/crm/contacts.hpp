#pragma once
// Contacts: the people behind companies and leads.

#include <optional>
#include <string>
#include <string_view>

#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/records.hpp"

namespace crm {

struct ContactInput {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  Nullable<std::string> email;
  Nullable<std::string> phone;
  Nullable<std::string> company_id;
  Nullable<std::string> title;
  Nullable<std::string> source;
  std::optional<bool> is_sms_eligible;
  Nullable<std::string> notes;
  Nullable<std::string> time_zone;  // an IANA zone name ("America/Chicago"); unknown -> 400
};

struct ContactQuery {
  std::optional<std::string> search;  // name, email or phone (digits compared)
  std::optional<std::string> company_id;
  PageRequest page;
};

struct ContactListItem {
  Contact contact;
  std::optional<CompanySummary> company;
};

struct ContactDetail {
  Contact contact;
  std::optional<CompanySummary> company;
  std::int64_t lead_count = 0;
};

namespace detail {
struct Runtime;
}

// Contacts follow their company's visibility; a contact without a company is visible to all.
// Thread-safe.
class ContactService {
 public:
  explicit ContactService(detail::Runtime& rt);

  Page<ContactListItem> list(const Actor& actor, const ContactQuery& query);
  // Email or phone required. kConflict with details existingContactId/existingCompanyId when
  // the normalized email exists. Logs contact_added when linked to a company.
  Contact create(const Actor& actor, const ContactInput& input);
  ContactDetail get(const Actor& actor, std::string_view id);
  Contact update(const Actor& actor, std::string_view id, const ContactInput& input);
  // Hard delete; kConflict while leads reference the contact. Logs contact_deleted when linked
  // to a company.
  void remove(const Actor& actor, std::string_view id);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
