// EnrichmentService contact calls: find-direct-email (Hunter), find-direct-mobile (Prospeo),
// verify-email (Reoon), verify-phone (Trestle). Each: read, call the provider, then one write.
#include "core/activity/activity_log.hpp"
#include "core/contacts/contact_fields.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/contacts/contact_writer.hpp"
#include "core/ingest/website.hpp"
#include "core/leads/lead_score_store.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/util/phone.hpp"
#include "core/util/text.hpp"
#include "crm/enrichment.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

namespace json = boost::json;

// The contact and what the providers need to know about its company.
struct Subject {
  Contact contact;
  std::optional<std::string> company_name;
  std::optional<std::string> domain;
};

Subject load(detail::Runtime& rt, const Actor& actor, std::string_view id) {
  auto tx = rt.db->read();
  auto& conn = tx->connection();
  Subject s{contact_store::require_visible(conn, actor, id), std::nullopt, std::nullopt};
  if (s.contact.company_id) {
    const auto res =
        conn.query("SELECT name, website FROM companies WHERE id = ?", *s.contact.company_id);
    if (!res.empty()) {
      s.company_name = res.first().text("name");
      if (auto website = res.first().opt_text("website")) s.domain = website::domain_key(*website);
    }
  }
  return s;
}

providers::PersonQuery person(const Subject& s) {
  return {s.contact.first_name, s.contact.last_name, s.contact.full_name, s.domain, s.company_name};
}

void require(const auto& provider, const char* what) {
  if (!provider) throw Error(ErrorCode::kNotConfigured, std::string(what) + " is not configured");
}

// The newest lead of the contact, so the activity shows on the lead's timeline too.
std::optional<std::string> newest_lead(sql::Connection& conn, const std::string& contact_id) {
  const auto res = conn.query(
      "SELECT id FROM leads WHERE contact_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
      contact_id);
  if (res.empty()) return std::nullopt;
  return res.first().text("id");
}

// The contact, locked, as the provider saw it; kConflict when the field the provider looked at
// changed meanwhile (the answer is about a value the contact no longer has).
Contact relock(sql::Connection& conn, const Actor& actor, const Contact& seen,
               const std::optional<std::string> Contact::*field, const char* what) {
  Contact now = contact_store::require_visible(conn, actor, seen.id, sql::Lock::kForUpdate);
  if (now.*field != seen.*field)
    throw Error::conflict(std::string("The contact's ") + what +
                          " changed during the check; run it again");
  return now;
}

void log(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor, const Contact& c,
         const char* type, json::object data) {
  data["contactId"] = c.id;
  activity::append(conn, rt,
                   {type, newest_lead(conn, c.id), c.company_id, actor.user_id, std::move(data)});
}

// Writes `set` and updatedAt to the contact, refreshes its leads' fit, logs `type`.
void save(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor, Contact& c,
          storage::Assignments& set, const char* type, json::object data) {
  c.updated_at = rt.now();
  set.set("updated_at", c.updated_at);
  set.update_by_id(conn, "contacts", c.id);
  lead_score::refresh_fit_for_contact(conn, rt, c.id);
  log(conn, rt, actor, c, type, std::move(data));
}

json::value opt_int(const std::optional<int>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

EmailDiscovery EnrichmentService::find_direct_email(const Actor& actor, std::string_view id) {
  const auto& finder = rt_.options.providers.email_finder;
  require(finder, "Hunter (HUNTER_API_KEY)");
  const Subject s = load(rt_, actor, id);
  if (!s.contact.company_id) throw Error::invalid("the contact has no company to search");
  if (!s.domain) throw Error::invalid("the contact's company has no website to search");

  const auto found = finder->find_email(person(s));
  EmailDiscovery out;
  if (!found) return out;
  const auto email = contact_fields::email(found->email);
  if (!email) throw Error(ErrorCode::kUpstream, "Hunter: returned an empty email");

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Contact current =
        contact_store::require_visible(conn, actor, s.contact.id, sql::Lock::kForUpdate);
    EmailDiscovery d;
    d.found = true;
    d.email = email->normalized;
    d.confidence = found->confidence;
    const auto holder = conn.query("SELECT id FROM contacts WHERE email_normalized = ?" +
                                       conn.lock_clause(sql::Lock::kForUpdate, "contacts"),
                                   email->normalized);
    if (!holder.empty()) {
      // Someone has the email already: link them to the company if they have none.
      Contact other = *contact_store::find(conn, holder.first().text("id"));
      if (!other.company_id && current.company_id) {
        ContactInput link;
        link.company_id = current.company_id;
        other = contact_writer::update(conn, rt_, actor, other, link);
      }
      d.contact = other;
    } else if (!current.email_normalized &&
               ((current.first_name.empty() && current.last_name.empty()) ||
                (text::lower(current.first_name) == text::lower(found->first_name.value_or("")) &&
                 text::lower(current.last_name) == text::lower(found->last_name.value_or(""))))) {
      // The contact itself (a business's main line, or the same person) gets the email.
      ContactInput fill;
      fill.email = std::optional(email->email);
      if (current.first_name.empty() && current.last_name.empty()) {
        fill.first_name = found->first_name.value_or("");
        fill.last_name = found->last_name.value_or("");
      }
      if (!current.title && found->position) fill.title = found->position;
      d.contact = contact_writer::update(conn, rt_, actor, current, fill);
    } else {
      // Another person at the company: a contact of their own.
      ContactInput in;
      in.first_name = found->first_name.value_or("");
      in.last_name = found->last_name.value_or("");
      in.email = std::optional(email->email);
      in.company_id = current.company_id;
      in.title = found->position;
      in.source = std::optional<std::string>("hunter");
      d.contact = contact_writer::insert(conn, rt_, actor, in);
      d.contact_created = true;
    }
    log(conn, rt_, actor, *d.contact, "owner_email_discovered",
        {{"email", d.email},
         {"confidence", opt_int(d.confidence)},
         {"provider", "hunter"},
         {"contactCreated", d.contact_created}});
    return d;
  });
}

MobileDiscovery EnrichmentService::find_direct_mobile(const Actor& actor, std::string_view id) {
  const auto& finder = rt_.options.providers.mobile_finder;
  require(finder, "Prospeo (PROSPEO_API_KEY)");
  const Subject s = load(rt_, actor, id);
  if (s.contact.full_name.empty() || (!s.domain && !s.company_name))
    throw Error::invalid("the contact needs a name and a company to search for a mobile number");

  const auto found = finder->find_mobile(person(s));
  MobileDiscovery out;
  if (!found) return out;
  const auto e164 = phone::to_e164(found->phone);
  if (!e164) throw Error(ErrorCode::kUpstream, "Prospeo: returned an invalid phone number");

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Contact c = contact_store::require_visible(conn, actor, s.contact.id, sql::Lock::kForUpdate);
    const auto previous = c.phone_e164;
    c.phone = found->phone;
    c.phone_e164 = *e164;
    c.phone_type = "MOBILE";
    c.is_sms_eligible = true;
    c.phone_verified_at = rt_.now();
    storage::Assignments set;
    set.set("phone", *c.phone);
    set.set("phone_e164", *c.phone_e164);
    set.set("phone_digits", text::digits(*c.phone));
    set.set("phone_type", c.phone_type);
    set.set("is_sms_eligible", true);
    set.set("phone_verified_at", c.phone_verified_at);
    save(conn, rt_, actor, c, set, "owner_mobile_discovered",
         {{"phone", *e164},
          {"previousPhone", previous ? json::value(*previous) : json::value(nullptr)},
          {"provider", "prospeo"}});
    return MobileDiscovery{true, *e164, c};
  });
}

EmailVerification EnrichmentService::verify_email(const Actor& actor, std::string_view id) {
  const auto& verifier = rt_.options.providers.email_verifier;
  require(verifier, "Reoon (REOON_API_KEY)");
  const Subject s = load(rt_, actor, id);
  if (!s.contact.email) throw Error::invalid("the contact has no email to verify");

  const providers::EmailCheck check = verifier->verify_email(*s.contact.email);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Contact c = relock(conn, actor, s.contact, &Contact::email_normalized, "email");
    c.email_status = check.status;
    c.email_verified_at = rt_.now();
    storage::Assignments set;
    set.set("email_status", c.email_status);
    set.set("email_verified_at", c.email_verified_at);
    save(conn, rt_, actor, c, set, "contact_email_verified",
         {{"email", *c.email},
          {"emailStatus", c.email_status},
          {"providerStatus", check.provider_status},
          {"score", opt_int(check.score)},
          {"provider", "reoon"}});
    return EmailVerification{c, c.email_status, check.provider_status, check.score};
  });
}

PhoneVerification EnrichmentService::verify_phone(const Actor& actor, std::string_view id) {
  const auto& verifier = rt_.options.providers.phone_verifier;
  require(verifier, "Trestle (TRESTLE_API_KEY)");
  const Subject s = load(rt_, actor, id);
  if (!s.contact.phone_e164) throw Error::invalid("the contact has no phone to verify");

  const providers::PhoneCheck check = verifier->verify_phone(*s.contact.phone_e164);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Contact c = relock(conn, actor, s.contact, &Contact::phone_e164, "phone");
    c.phone_type = check.phone_type;
    c.is_sms_eligible = check.is_valid && check.phone_type == "MOBILE";
    c.phone_verified_at = rt_.now();
    storage::Assignments set;
    set.set("phone_type", c.phone_type);
    set.set("is_sms_eligible", c.is_sms_eligible);
    set.set("phone_verified_at", c.phone_verified_at);
    save(conn, rt_, actor, c, set, "contact_phone_verified",
         {{"phone", *c.phone_e164},
          {"isValid", check.is_valid},
          {"phoneType", c.phone_type},
          {"lineType", check.line_type},
          {"activityScore", opt_int(check.activity_score)},
          {"carrier", check.carrier ? json::value(*check.carrier) : json::value(nullptr)},
          {"provider", "trestle"}});
    return PhoneVerification{
        c, check.is_valid, c.phone_type, check.line_type, check.activity_score, check.carrier};
  });
}

}  // namespace crm
