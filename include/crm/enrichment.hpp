#pragma once
// Enrichment (DOMAIN.md §16): companies from Brave Search and Google Places, contacts from Hunter,
// Prospeo, Reoon and Trestle, and the lead photos Places provides.
//
// Every call reads what it needs, calls the provider outside any transaction, then writes the
// results and their activity in one transaction (DOMAIN.md §18). A provider that is not
// configured answers kNotConfigured (501); a provider error, timeout or unreadable answer
// kUpstream (502) with the provider's message, and nothing is written.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/companies.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm {

struct CompanyEnrichment {
  Company company;
  std::vector<std::string> providers;  // "brave", "google_places": the ones asked
  std::vector<std::string> updated;    // fields changed: "website", "googleRating", ...
};

struct EmailDiscovery {
  bool found = false;
  std::string email;  // when found
  std::optional<int> confidence;
  std::optional<Contact> contact;  // the contact holding the email now, when found
  bool contact_created = false;
};

struct MobileDiscovery {
  bool found = false;
  std::string phone_e164;          // when found
  std::optional<Contact> contact;  // updated, when found
};

struct EmailVerification {
  Contact contact;
  std::string status;           // the contact's emailStatus now
  std::string provider_status;  // Reoon's word
  std::optional<int> score;
};

struct PhoneVerification {
  Contact contact;
  bool is_valid = false;
  std::string phone_type;  // the contact's phoneType now
  std::string line_type;   // Trestle's word
  std::optional<int> activity_score;
  std::optional<std::string> carrier;
};

struct LeadPhoto {
  std::string bytes;  // JPEG
  std::string etag;   // quoted, changes when the file does
  TimeMs modified_at = 0;
};

namespace detail {
struct Runtime;
}

// Thread-safe. Records follow the visibility of DOMAIN.md §3 (kNotFound when invisible).
class EnrichmentService {
 public:
  explicit EnrichmentService(detail::Runtime& rt);

  // Brave (website, description) and Google Places (rating, reviews, maps URL, hero photo). Blank
  // website, description, phone and maps URL are filled; rating and review count are refreshed;
  // the hero photo is downloaded once into DATA_DIR/lead-photos. Logs company_enrich.
  CompanyEnrichment enrich_company(const Actor& actor, std::string_view company_id);

  // Hunter: the contact's email at its company's website domain. Upserts the contact holding
  // the found email and logs owner_email_discovered. Not found: found=false, nothing written.
  EmailDiscovery find_direct_email(const Actor& actor, std::string_view contact_id);
  // Prospeo: sets the contact's phone to the found mobile (phoneType MOBILE, SMS-eligible,
  // verified now) and logs owner_mobile_discovered. Not found: found=false, nothing written.
  MobileDiscovery find_direct_mobile(const Actor& actor, std::string_view contact_id);
  // Reoon: emailStatus and emailVerifiedAt; logs contact_email_verified.
  EmailVerification verify_email(const Actor& actor, std::string_view contact_id);
  // Trestle: phoneType, isSmsEligible (a valid mobile) and phoneVerifiedAt; logs
  // contact_phone_verified.
  PhoneVerification verify_phone(const Actor& actor, std::string_view contact_id);

  // A photo of DATA_DIR/lead-photos. kNotFound unless `filename` is a name this engine writes
  // ("<companyId>.jpg"), the file is a regular file in that folder (never a symlink), and the
  // actor may see the company.
  LeadPhoto lead_photo(const Actor& actor, std::string_view filename);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
