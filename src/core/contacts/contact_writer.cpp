#include "core/contacts/contact_writer.hpp"

#include "core/activity/activity_log.hpp"
#include "core/contacts/contact_fields.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/leads/lead_score_store.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "core/util/time_zone.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"

namespace crm::contact_writer {
namespace {

constexpr const char* kEmailOrPhone = "email or phone is required";

// The stored fields and their limits (docs/decisions.md "Input limits"); email and phone are
// contact_fields'.
constexpr auto kFirstName = validate::line_field("firstName");
constexpr auto kLastName = validate::line_field("lastName");
constexpr auto kTitle = validate::line_field("title");
constexpr auto kSource = validate::line_field("source");
constexpr auto kNotes = validate::multi_line_field("notes");
constexpr auto kCompanyId = validate::line_field("companyId");
constexpr std::string_view kTimeZone = "timeZone";

std::optional<std::string> visible_company(sql::Connection& conn, const Actor& actor,
                                           const std::optional<std::string>& raw) {
  auto id = validate::text(kCompanyId, raw);
  if (id) visibility::require_company(conn, actor, *id);
  return id;
}

// A lead and its contact share one company (the lead is visible exactly when its contact is):
// a contact moving into a company takes its company-less leads along, and cannot move while it
// has a lead of another company.
void move_leads_with(sql::Connection& conn, const detail::Runtime& rt, const Contact& c) {
  if (!c.company_id) return;
  if (!conn.query("SELECT id FROM leads WHERE contact_id = ? AND company_id IS NOT NULL AND "
                  "company_id <> ? LIMIT 1",
                  c.id, *c.company_id)
           .empty())
    throw Error::invalid("companyId must be the company of the contact's leads");
  conn.query(
      "UPDATE leads SET company_id = ?, updated_at = ? WHERE contact_id = ? AND company_id IS NULL",
      *c.company_id, rt.now(), c.id);
}

// Writes the row; returns false when an insert met a contact with the same email that a
// concurrent transaction committed after ensure_email_free looked (the unique index decides).
bool write_row(sql::Connection& conn, const Contact& c,
               const std::optional<std::string>& phone_digits, bool insert) {
  if (insert) {
    return conn.query(
                   "INSERT INTO contacts (id, company_id, first_name, last_name, full_name, email, "
                   "email_normalized, phone, "
                   "phone_e164, phone_digits, title, source, is_sms_eligible, notes, email_status, "
                   "email_verified_at, "
                   "phone_type, phone_verified_at, time_zone, created_at, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON "
                   "CONFLICT DO NOTHING",
                   c.id, c.company_id, c.first_name, c.last_name, c.full_name, c.email,
                   c.email_normalized, c.phone, c.phone_e164, phone_digits, c.title, c.source,
                   c.is_sms_eligible, c.notes, c.email_status, c.email_verified_at, c.phone_type,
                   c.phone_verified_at, c.time_zone, c.created_at, c.updated_at)
               .changes > 0;
  }
  conn.query(
      "UPDATE contacts SET company_id = ?, first_name = ?, last_name = ?, full_name = ?, email = "
      "?, "
      "email_normalized = ?, phone = ?, phone_e164 = ?, phone_digits = ?, title = ?, source = ?, "
      "is_sms_eligible = ?, notes = ?, email_status = ?, email_verified_at = ?, phone_type = ?, "
      "phone_verified_at = ?, time_zone = ?, updated_at = ? WHERE id = ?",
      c.company_id, c.first_name, c.last_name, c.full_name, c.email, c.email_normalized, c.phone,
      c.phone_e164, phone_digits, c.title, c.source, c.is_sms_eligible, c.notes, c.email_status,
      c.email_verified_at, c.phone_type, c.phone_verified_at, c.time_zone, c.updated_at, c.id);
  return true;
}

}  // namespace

Contact insert(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
               const ContactInput& in) {
  const auto email = contact_fields::email(in.email ? *in.email : std::nullopt);
  const auto phone = contact_fields::phone(in.phone ? *in.phone : std::nullopt);
  if (!email && !phone) throw Error::invalid(kEmailOrPhone);

  Contact c;
  c.id = rt.new_id();
  c.company_id = visible_company(conn, actor, in.company_id ? *in.company_id : std::nullopt);
  c.first_name = validate::text(kFirstName, in.first_name).value_or("");
  c.last_name = validate::text(kLastName, in.last_name).value_or("");
  c.full_name = contact_fields::full_name(c.first_name, c.last_name);
  if (email) {
    contact_store::ensure_email_free(conn, email->normalized);
    c.email = email->email;
    c.email_normalized = email->normalized;
  }
  if (phone) {
    c.phone = phone->phone;
    c.phone_e164 = phone->e164;
  }
  c.title = validate::patch(kTitle, in.title).value_or(std::nullopt);
  c.source = validate::patch(kSource, in.source).value_or(std::nullopt);
  c.notes = validate::patch(kNotes, in.notes).value_or(std::nullopt);
  c.is_sms_eligible = in.is_sms_eligible.value_or(false);
  c.time_zone = tz::field(kTimeZone, in.time_zone ? *in.time_zone : std::nullopt);
  c.created_at = c.updated_at = rt.now();
  insert_row(conn, rt, actor.user_id, c, phone ? std::optional(phone->digits) : std::nullopt);
  return c;
}

void insert_row(sql::Connection& conn, const detail::Runtime& rt,
                const std::optional<std::string>& actor_user_id, const Contact& c,
                const std::optional<std::string>& phone_digits) {
  if (!write_row(conn, c, phone_digits, true)) {
    if (c.email_normalized)
      contact_store::ensure_email_free(conn, *c.email_normalized);  // 409 + ids
    throw Error::conflict("Contact already exists");
  }
  if (c.company_id)
    activity::append(conn, rt,
                     {"contact_added", std::nullopt, c.company_id, actor_user_id,
                      boost::json::object{{"contactId", c.id}, {"name", c.full_name}}});
}

Contact update(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
               const Contact& current, const ContactInput& in) {
  Contact c = current;
  if (in.first_name) c.first_name = validate::text(kFirstName, in.first_name).value_or("");
  if (in.last_name) c.last_name = validate::text(kLastName, in.last_name).value_or("");
  c.full_name = contact_fields::full_name(c.first_name, c.last_name);
  if (in.company_id) {
    c.company_id = visible_company(conn, actor, *in.company_id);
    if (c.company_id != current.company_id) move_leads_with(conn, rt, c);
  }

  if (in.email) {
    const auto email = contact_fields::email(*in.email);
    c.email = email ? std::optional(email->email) : std::nullopt;
    c.email_normalized = email ? std::optional(email->normalized) : std::nullopt;
  }
  std::optional<std::string> phone_digits;
  if (in.phone) {
    const auto phone = contact_fields::phone(*in.phone);
    c.phone = phone ? std::optional(phone->phone) : std::nullopt;
    c.phone_e164 = phone ? std::optional(phone->e164) : std::nullopt;
    if (phone) phone_digits = phone->digits;
  } else if (c.phone) {
    phone_digits = text::digits(*c.phone);
  }
  if (!c.email_normalized && !c.phone) throw Error::invalid(kEmailOrPhone);

  const bool email_changed = c.email_normalized != current.email_normalized;
  const bool phone_changed = c.phone_e164 != current.phone_e164;
  if (email_changed) {
    if (c.email_normalized) contact_store::ensure_email_free(conn, *c.email_normalized, c.id);
    c.email_status = "UNKNOWN";
    c.email_verified_at.reset();
  }
  if (phone_changed) {
    c.phone_type = "UNKNOWN";
    c.phone_verified_at.reset();
  }
  validate::apply(kTitle, in.title, c.title);
  validate::apply(kSource, in.source, c.source);
  validate::apply(kNotes, in.notes, c.notes);
  if (in.is_sms_eligible) c.is_sms_eligible = *in.is_sms_eligible;
  tz::apply_field(kTimeZone, in.time_zone, c.time_zone);
  c.updated_at = rt.now();
  write_row(conn, c, phone_digits, false);
  if (email_changed || phone_changed) lead_score::refresh_fit_for_contact(conn, rt, c.id);
  return c;
}

}  // namespace crm::contact_writer
