// EnrichmentService::enrich_company: Brave Search and Google Places, then one write.
#include "core/activity/activity_log.hpp"
#include "core/companies/company_keys.hpp"
#include "core/companies/company_repo.hpp"
#include "core/enrichment/lead_photos.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/util/text.hpp"
#include "crm/enrichment.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

constexpr int kPhotoWidthPx = 800;

struct Findings {
  std::vector<std::string> providers;
  std::optional<providers::WebPresence> web;
  std::optional<providers::Place> place;
  std::optional<std::string> photo_file;  // saved (or already there) for this company
};

// What the read phase learns: the company, its place id and its default address.
struct Subject {
  Company company;
  std::optional<std::string> place_id;
  providers::BusinessQuery query;
};

Subject load(detail::Runtime& rt, const Actor& actor, std::string_view id) {
  auto tx = rt.db->read();
  auto& conn = tx->connection();
  Subject s{company_repo::require_visible(conn, actor, id), std::nullopt, {}};
  s.place_id = conn.query("SELECT google_place_id FROM companies WHERE id = ?", s.company.id)
                   .first()
                   .opt_text("google_place_id");
  s.query.name = s.company.name;
  s.query.place_id = s.place_id;
  const auto address = conn.query(
      "SELECT city, state, zip FROM addresses WHERE company_id = ? "
      "ORDER BY is_default_billing DESC, is_default_shipping DESC, created_at, id LIMIT 1",
      s.company.id);
  if (!address.empty()) {
    s.query.city = address.first().text("city");
    s.query.state = address.first().text("state");
    s.query.zip = address.first().text("zip");
  }
  return s;
}

// The company gets a photo when it has none, or when the one it has is our own file and the file
// is gone. An existing file is reused: a photo is downloaded once.
std::optional<std::string> photo(detail::Runtime& rt, const Subject& s,
                                 const providers::Place& place) {
  const std::string file = lead_photos::file_name(s.company.id);
  const std::string own_url = lead_photos::url_of(file);
  if (s.company.hero_photo_url && *s.company.hero_photo_url != own_url) return std::nullopt;
  const std::string& data_dir = rt.options.data_dir;
  if (lead_photos::exists(data_dir, file)) return file;
  if (place.photo_names.empty()) return std::nullopt;
  const std::string bytes =
      rt.options.providers.places->fetch_photo(place.photo_names.front(), kPhotoWidthPx);
  if (!lead_photos::is_jpeg(bytes))
    throw Error(ErrorCode::kUpstream, "Google Places: the photo is not a JPEG");
  lead_photos::save(data_dir, file, bytes);
  return file;
}

}  // namespace

CompanyEnrichment EnrichmentService::enrich_company(const Actor& actor, std::string_view id) {
  const auto& p = rt_.options.providers;
  if (!p.business_search && !p.places)
    throw Error(ErrorCode::kNotConfigured,
                "Company enrichment is not configured: set BRAVE_API_KEY or GOOGLE_PLACES_API_KEY");
  const Subject s = load(rt_, actor, id);

  // The providers, outside any transaction.
  Findings f;
  if (p.business_search) {
    f.providers.push_back("brave");
    f.web = p.business_search->search_business(s.query);
  }
  if (p.places) {
    f.providers.push_back("google_places");
    f.place = p.places->find_place(s.query);
    if (f.place) f.photo_file = photo(rt_, s, *f.place);
  }

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Company c = company_repo::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    const auto place_id = conn.query("SELECT google_place_id FROM companies WHERE id = ?", c.id)
                              .first()
                              .opt_text("google_place_id");
    storage::Assignments set;
    std::vector<std::string> updated;
    const auto fill = [&](std::optional<std::string>& field,
                          const std::optional<std::string>& value, const char* column,
                          const char* name) {
      if (field || !value || text::trim(*value).empty()) return;
      field = text::trim(*value);
      set.set(column, *field);
      updated.emplace_back(name);
    };
    std::optional<std::string> website = f.web ? f.web->website : std::nullopt;
    if (!website && f.place) website = f.place->website;
    const bool had_website = c.website.has_value();
    fill(c.website, website, "website", "website");
    if (!had_website && c.website)
      set.set("website_domain", company_keys::compute(c.website, std::nullopt).website_domain);
    fill(c.description, f.web ? f.web->description : std::nullopt, "description", "description");
    if (f.place) {
      const bool had_phone = c.phone.has_value();
      fill(c.phone, f.place->phone, "phone", "phone");
      if (!had_phone && c.phone) {
        set.set("phone_digits", text::digits(*c.phone));
        set.set("phone_e164", company_keys::compute(std::nullopt, c.phone).phone_e164);
      }
      fill(c.maps_url, f.place->maps_url, "maps_url", "mapsUrl");
      // Ratings move: a fresh reading replaces the old one.
      if (f.place->rating && f.place->rating != c.google_rating) {
        c.google_rating = f.place->rating;
        set.set("google_rating", *c.google_rating);
        updated.emplace_back("googleRating");
      }
      if (f.place->review_count && f.place->review_count != c.google_review_count) {
        c.google_review_count = f.place->review_count;
        set.set("google_review_count", *c.google_review_count);
        updated.emplace_back("googleReviewCount");
      }
      if (!place_id) set.set("google_place_id", f.place->id);
    }
    if (f.photo_file)
      fill(c.hero_photo_url, lead_photos::url_of(*f.photo_file), "hero_photo_url", "heroPhotoUrl");
    if (!set.empty()) {
      c.updated_at = rt_.now();
      set.set("updated_at", c.updated_at);
      set.update_by_id(conn, "companies", c.id);
    }
    boost::json::array provider_names, fields;
    for (const auto& name : f.providers) provider_names.emplace_back(name);
    for (const auto& name : updated) fields.emplace_back(name);
    activity::append(conn, rt_,
                     {"company_enrich", std::nullopt, c.id, actor.user_id,
                      boost::json::object{{"providers", std::move(provider_names)},
                                          {"fields", std::move(fields)},
                                          {"placeId", f.place ? boost::json::value(f.place->id)
                                                              : boost::json::value(nullptr)}}});
    return CompanyEnrichment{c, f.providers, updated};
  });
}

}  // namespace crm
