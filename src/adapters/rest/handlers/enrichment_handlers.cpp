// Enrichment: POST /api/companies/[id]/enrich and the contact calls find-direct-email,
// find-direct-mobile, verify-email, verify-phone; GET /api/lead-photos/[filename].
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/enrichment.hpp"

namespace crm::rest::handlers {
namespace {

json::value opt_int(const std::optional<int>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value opt_contact(const std::optional<Contact>& c) {
  return c ? json::value(codec::contact(*c)) : json::value(nullptr);
}

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& s : items) out.emplace_back(s);
  return out;
}

// Photos are per company and change at most when a company is enriched again: a day of private
// caching, then revalidation by ETag.
constexpr const char* kPhotoCacheControl = "private, max-age=86400";

}  // namespace

Response enrich_company(Context& ctx) {
  const auto r = ctx.engine().enrichment().enrich_company(ctx.actor(), ctx.param("id"));
  return data(json::object{{"company", codec::company(r.company)},
                           {"providers", strings(r.providers)},
                           {"updated", strings(r.updated)}});
}

Response find_direct_email(Context& ctx) {
  const auto r = ctx.engine().enrichment().find_direct_email(ctx.actor(), ctx.param("id"));
  return data(json::object{{"found", r.found},
                           {"email", r.found ? json::value(r.email) : json::value(nullptr)},
                           {"confidence", opt_int(r.confidence)},
                           {"contact", opt_contact(r.contact)},
                           {"contactCreated", r.contact_created}});
}

Response find_direct_mobile(Context& ctx) {
  const auto r = ctx.engine().enrichment().find_direct_mobile(ctx.actor(), ctx.param("id"));
  return data(json::object{{"found", r.found},
                           {"phone", r.found ? json::value(r.phone_e164) : json::value(nullptr)},
                           {"contact", opt_contact(r.contact)}});
}

Response verify_email(Context& ctx) {
  const auto r = ctx.engine().enrichment().verify_email(ctx.actor(), ctx.param("id"));
  return data(json::object{{"contact", codec::contact(r.contact)},
                           {"emailStatus", r.status},
                           {"providerStatus", r.provider_status},
                           {"score", opt_int(r.score)}});
}

Response verify_phone(Context& ctx) {
  const auto r = ctx.engine().enrichment().verify_phone(ctx.actor(), ctx.param("id"));
  return data(json::object{{"contact", codec::contact(r.contact)},
                           {"isValid", r.is_valid},
                           {"phoneType", r.phone_type},
                           {"lineType", r.line_type},
                           {"activityScore", opt_int(r.activity_score)},
                           {"carrier", opt_value(r.carrier)}});
}

Response get_lead_photo(Context& ctx) {
  const LeadPhoto photo = ctx.engine().enrichment().lead_photo(ctx.actor(), ctx.param("filename"));
  Response r;
  r.headers.emplace_back("ETag", photo.etag);
  r.headers.emplace_back("Cache-Control", kPhotoCacheControl);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (ctx.request().header("if-none-match") == std::optional<std::string_view>(photo.etag)) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.headers.emplace_back("Content-Type", "image/jpeg");
  r.body = photo.bytes;
  return r;
}

}  // namespace crm::rest::handlers
