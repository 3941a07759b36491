#include "core/imports/lead_columns.hpp"

#include <string_view>
#include <utility>

#include "core/util/text.hpp"
#include "crm/error.hpp"

namespace crm::lead_columns {
namespace {

constexpr std::pair<std::string_view, Field> kAliases[] = {
    {"name", Field::kName},
    {"title", Field::kName},
    {"business_name", Field::kName},
    {"phone", Field::kPhone},
    {"phone_number", Field::kPhone},
    {"website", Field::kWebsite},
    {"site", Field::kWebsite},
    {"address", Field::kAddress},
    {"full_address", Field::kAddress},
    {"city", Field::kCity},
    {"state", Field::kState},
    {"zip", Field::kZip},
    {"postal_code", Field::kZip},
    {"country", Field::kCountry},
    {"rating", Field::kRating},
    {"reviews", Field::kReviews},
    {"reviews_count", Field::kReviews},
    {"category", Field::kCategory},
    {"type", Field::kCategory},
    {"url", Field::kMapsUrl},
    {"google_maps_url", Field::kMapsUrl},
    {"maps_url", Field::kMapsUrl},
    {"place_id", Field::kPlaceId},
    {"email", Field::kEmail},
    {"first_name", Field::kFirstName},
    {"last_name", Field::kLastName},
};

std::string normalize(std::string_view name) {
  std::string out = text::lower(text::trim(name));
  for (char& c : out)
    if (c == ' ' || c == '-') c = '_';
  return out;
}

std::optional<Field> field_of(std::string_view header) {
  const std::string key = normalize(header);
  for (const auto& [alias, field] : kAliases)
    if (alias == key) return field;
  return std::nullopt;
}

std::optional<std::string>& slot(LeadInput& in, Field f) {
  switch (f) {
    case Field::kName:
      return in.company_name;
    case Field::kPhone:
      return in.company_phone;
    case Field::kWebsite:
      return in.website;
    case Field::kAddress:
      return in.address;
    case Field::kCity:
      return in.city;
    case Field::kState:
      return in.state;
    case Field::kZip:
      return in.zip;
    case Field::kCountry:
      return in.country;
    case Field::kRating:
      return in.rating;
    case Field::kReviews:
      return in.review_count;
    case Field::kCategory:
      return in.industry;
    case Field::kMapsUrl:
      return in.maps_url;
    case Field::kPlaceId:
      return in.place_id;
    case Field::kEmail:
      return in.email;
    case Field::kFirstName:
      return in.first_name;
    case Field::kLastName:
      return in.last_name;
  }
  return in.company_name;
}

}  // namespace

Mapping map_header(const std::vector<std::string>& header) {
  Mapping m;
  bool has_name = false;
  for (const auto& name : header) {
    const auto field = field_of(name);
    m.columns.push_back(field);
    if (!field) m.ignored.push_back(text::trim(name));
    if (field == Field::kName) has_name = true;
  }
  const bool any = m.ignored.size() < header.size();
  if (!any && header.size() == 1 && header.front().find(';') != std::string::npos)
    throw Error::invalid("file is separated by semicolons; export it with commas (RFC 4180 CSV)");
  if (!any) {
    std::string found;
    for (const auto& name : header) {
      if (found.size() > 120) break;
      found += (found.empty() ? "" : ", ") + text::trim(name);
    }
    throw Error::invalid(
        "the first line is not a header of a Google Maps export: expected columns such as name, "
        "phone, website, address (found: " +
        found + ")");
  }
  if (!has_name)
    throw Error::invalid("the header has no business name column (name, title or business_name)");
  return m;
}

LeadInput to_input(const Mapping& mapping, const std::vector<std::string>& fields) {
  LeadInput in;
  for (std::size_t i = 0; i < fields.size() && i < mapping.columns.size(); ++i) {
    if (!mapping.columns[i]) continue;
    auto& target = slot(in, *mapping.columns[i]);
    if (target) continue;
    std::string value = text::trim(fields[i]);
    if (!value.empty()) target = std::move(value);
  }
  in.phone = in.company_phone;
  return in;
}

}  // namespace crm::lead_columns
