#pragma once
// Migration 6: match keys for lead ingestion (DOMAIN.md §15) and the Google place of a company.
//   companies.website_domain  the website's host without "www." ('' when the website has none
//                             that identifies one business, e.g. a Facebook page)
//   companies.phone_e164      the company phone in E.164 ('' when it does not parse)
//   companies.google_place_id the Google Maps place id (imports, enrichment)
//   companies_name_lower      name + zip matching looks companies up by name (a city's export has
//                             thousands of businesses per zip code, few per name)
// Rows written before this migration get their keys on first use (company_keys::backfill);
// the partial index finds them without a scan.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV6 = R"SQL(
ALTER TABLE companies ADD COLUMN website_domain TEXT;
ALTER TABLE companies ADD COLUMN phone_e164 TEXT;
ALTER TABLE companies ADD COLUMN google_place_id TEXT;
CREATE INDEX companies_website_domain ON companies(website_domain);
CREATE INDEX companies_phone_e164 ON companies(phone_e164);
CREATE INDEX companies_google_place_id ON companies(google_place_id);
CREATE INDEX companies_keys_pending ON companies(id)
  WHERE (website IS NOT NULL AND website_domain IS NULL) OR (phone IS NOT NULL AND phone_e164 IS NULL);
CREATE INDEX companies_name_lower ON companies(lower(name));
)SQL";

}  // namespace crm::storage
