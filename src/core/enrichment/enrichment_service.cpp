// EnrichmentService: construction and the lead photos it stores. Company enrichment lives in
// company_enrichment.cpp, the contact calls in contact_enrichment.cpp.
#include "core/enrichment/lead_photos.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/enrichment.hpp"
#include "crm/error.hpp"

namespace crm {

EnrichmentService::EnrichmentService(detail::Runtime& rt) : rt_(rt) {}

LeadPhoto EnrichmentService::lead_photo(const Actor& actor, std::string_view filename) {
  const auto company_id = lead_photos::company_of(filename);
  if (!company_id) throw Error::not_found("Not found");
  {
    auto tx = rt_.db->read();
    visibility::require_company(tx->connection(), actor, *company_id, "Photo");
  }
  auto photo = lead_photos::read(rt_.options.data_dir, filename);
  if (!photo) throw Error::not_found("Photo not found");
  return std::move(*photo);
}

}  // namespace crm
