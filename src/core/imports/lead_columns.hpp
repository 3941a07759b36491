#pragma once
// The columns of a Google Maps CSV export (DOMAIN.md §15). Exporters name them differently, so
// each field accepts its common aliases, compared case-insensitively with spaces and dashes read
// as underscores ("Phone Number" = phone_number). Pure.
//
//   name/title/business_name   phone/phone_number       website/site
//   address/full_address       city   state   zip/postal_code   country
//   rating   reviews/reviews_count   category/type   url/google_maps_url/maps_url   place_id
//   email   first_name   last_name

#include <optional>
#include <string>
#include <vector>

#include "crm/imports.hpp"

namespace crm::lead_columns {

enum class Field {
  kName,
  kPhone,
  kWebsite,
  kAddress,
  kCity,
  kState,
  kZip,
  kCountry,
  kRating,
  kReviews,
  kCategory,
  kMapsUrl,
  kPlaceId,
  kEmail,
  kFirstName,
  kLastName,
};

struct Mapping {
  std::vector<std::optional<Field>> columns;  // per header column; nullopt = ignored
  std::vector<std::string> ignored;           // header names no alias matched
};

// Maps a header row. Throws crm::Error(kInvalidArgument) naming the problem when the row is
// no Maps header: nothing recognized, no business-name column, or semicolons instead of commas.
Mapping map_header(const std::vector<std::string>& header);

// One data record as a LeadInput: trimmed, blank -> absent; the one phone of a listing is the
// company's and its contact's. When two columns map to one field the first non-blank wins.
LeadInput to_input(const Mapping& mapping, const std::vector<std::string>& fields);

}  // namespace crm::lead_columns
