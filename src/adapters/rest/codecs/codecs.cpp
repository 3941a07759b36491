#include "adapters/rest/codecs/codecs.hpp"

#include <boost/json/parse.hpp>

#include "adapters/rest/handler_kit.hpp"

namespace crm::rest::codec {

using json::object;

object user(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"firstName", u.first_name},
          {"lastName", u.last_name},
          {"phone", opt_value(u.phone)},
          {"role", to_string(u.role)},
          {"isActive", u.is_active},
          {"lastLoginAt", opt_iso(u.last_login_at)},
          {"invitedById", opt_value(u.invited_by_id)},
          {"invitedAt", opt_iso(u.invited_at)},
          {"createdAt", iso(u.created_at)},
          {"updatedAt", iso(u.updated_at)}};
}

object user_summary(const UserSummary& u) {
  return {{"id", u.id}, {"email", u.email}, {"firstName", u.first_name}, {"lastName", u.last_name}};
}

object email_account(const EmailAccount& a) {
  return {{"id", a.id},
          {"emailAddress", a.email_address},
          {"displayName", opt_value(a.display_name)},
          {"userId", opt_value(a.user_id)}};
}

object sms_gateway(const SmsGateway& g) {
  return {{"id", g.id},
          {"userId", g.user_id},
          {"label", g.label},
          {"gatewayUrl", g.gateway_url},
          {"username", g.username},
          {"fromNumber", g.from_number},
          {"isActive", g.is_active},
          {"createdAt", iso(g.created_at)},
          {"updatedAt", iso(g.updated_at)}};
}

object company(const Company& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"website", opt_value(c.website)},
          {"phone", opt_value(c.phone)},
          {"industry", opt_value(c.industry)},
          {"icpTag", opt_value(c.icp_tag)},
          {"businessLabel", opt_value(c.business_label)},
          {"status", to_string(c.status)},
          {"source", opt_value(c.source)},
          {"vendor", opt_value(c.vendor)},
          {"salesNote", opt_value(c.sales_note)},
          {"taxable", c.taxable},
          {"assignedRepId", opt_value(c.assigned_rep_id)},
          {"description", opt_value(c.description)},
          {"googleRating", c.google_rating ? json::value(*c.google_rating) : json::value(nullptr)},
          {"googleReviewCount", opt_value(c.google_review_count)},
          {"heroPhotoUrl", opt_value(c.hero_photo_url)},
          {"mapsUrl", opt_value(c.maps_url)},
          {"timeZone", opt_value(c.time_zone)},
          {"createdAt", iso(c.created_at)},
          {"updatedAt", iso(c.updated_at)}};
}

object company_summary(const CompanySummary& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"status", to_string(c.status)},
          {"icpTag", opt_value(c.icp_tag)},
          {"assignedRepId", opt_value(c.assigned_rep_id)}};
}

object address(const Address& a) {
  return {{"id", a.id},
          {"companyId", a.company_id},
          {"label", opt_value(a.label)},
          {"type", to_string(a.type)},
          {"addressLine1", a.address_line1},
          {"addressLine2", opt_value(a.address_line2)},
          {"city", a.city},
          {"state", a.state},
          {"zip", a.zip},
          {"country", a.country},
          {"notes", opt_value(a.notes)},
          {"isDefaultBilling", a.is_default_billing},
          {"isDefaultShipping", a.is_default_shipping},
          {"createdAt", iso(a.created_at)},
          {"updatedAt", iso(a.updated_at)}};
}

object note(const Note& n) {
  return {{"id", n.id},
          {"companyId", n.company_id},
          {"leadId", opt_value(n.lead_id)},
          {"authorId", n.author_id},
          {"body", n.body},
          {"createdAt", iso(n.created_at)},
          {"updatedAt", iso(n.updated_at)},
          {"author", n.author ? json::value(user_summary(*n.author)) : json::value(nullptr)}};
}

object contact(const Contact& c) {
  return {{"id", c.id},
          {"companyId", opt_value(c.company_id)},
          {"firstName", c.first_name},
          {"lastName", c.last_name},
          {"fullName", c.full_name},
          {"email", opt_value(c.email)},
          {"emailNormalized", opt_value(c.email_normalized)},
          {"phone", opt_value(c.phone)},
          {"phoneE164", opt_value(c.phone_e164)},
          {"title", opt_value(c.title)},
          {"source", opt_value(c.source)},
          {"isSmsEligible", c.is_sms_eligible},
          {"notes", opt_value(c.notes)},
          {"emailStatus", c.email_status},
          {"emailVerifiedAt", opt_iso(c.email_verified_at)},
          {"phoneType", c.phone_type},
          {"phoneVerifiedAt", opt_iso(c.phone_verified_at)},
          {"timeZone", opt_value(c.time_zone)},
          {"createdAt", iso(c.created_at)},
          {"updatedAt", iso(c.updated_at)}};
}

object lead(const Lead& l) {
  return {{"id", l.id},
          {"contactId", l.contact_id},
          {"companyId", opt_value(l.company_id)},
          {"ownerId", opt_value(l.owner_id)},
          {"stage", to_string(l.stage)},
          {"stageChangedAt", opt_iso(l.stage_changed_at)},
          {"source", opt_value(l.source)},
          {"sourceCampaign", opt_value(l.source_campaign)},
          {"estimatedUnits", opt_value(l.estimated_units)},
          {"estimatedRevenue", opt_money_value(l.estimated_revenue)},
          {"lostReason", opt_value(l.lost_reason)},
          {"wonAt", opt_iso(l.won_at)},
          {"isDnc", l.is_dnc},
          {"createdAt", iso(l.created_at)},
          {"updatedAt", iso(l.updated_at)}};
}

object lead_score(const LeadScore& s) {
  return {{"fit", s.fit}, {"engagement", s.engagement}, {"total", s.total}};
}

object task(const Task& t) {
  return {{"id", t.id},
          {"leadId", opt_value(t.lead_id)},
          {"companyId", opt_value(t.company_id)},
          {"assignedToId", opt_value(t.assigned_to_id)},
          {"createdById", opt_value(t.created_by_id)},
          {"sequenceRunId", opt_value(t.sequence_run_id)},
          {"title", t.title},
          {"description", opt_value(t.description)},
          {"taskType", t.task_type},
          {"priority", t.priority},
          {"dueAt", opt_iso(t.due_at)},
          {"durationMin", t.duration_min},
          {"isCompleted", t.is_completed},
          {"completedAt", opt_iso(t.completed_at)},
          {"createdAt", iso(t.created_at)},
          {"updatedAt", iso(t.updated_at)}};
}

object tag_summary(const TagSummary& t) {
  return {{"id", t.id},
          {"slug", t.slug},
          {"name", t.name},
          {"category", t.category},
          {"color", opt_value(t.color)},
          {"appliedAt", iso(t.applied_at)}};
}

object sequence_run(const SequenceRunSummary& r) {
  return {{"id", r.id},
          {"tagSlug", r.tag_slug},
          {"status", r.status},
          {"currentStep", r.current_step},
          {"nextRunAt", opt_iso(r.next_run_at)},
          {"startedAt", iso(r.started_at)}};
}

object invoice_summary(const InvoiceSummary& i) {
  return {{"id", i.id},
          {"number", i.number},
          {"status", i.status},
          {"total", money(i.total)},
          {"amountPaid", money(i.amount_paid)},
          {"balance", money(i.balance)},
          {"dueDate", opt_iso(i.due_date)},
          {"leadId", opt_value(i.lead_id)},
          {"createdAt", iso(i.created_at)}};
}

object device(const DeviceSummary& d) {
  return {{"id", d.id},
          {"serialNumber", d.serial_number},
          {"status", d.status},
          {"model", opt_value(d.model)},
          {"invoiceId", opt_value(d.invoice_id)}};
}

object activity(const Activity& a) {
  boost::system::error_code ec;
  json::value data = json::parse(a.data_json, ec);
  if (ec) data = json::object();
  return {{"id", a.id},
          {"type", a.type},
          {"leadId", opt_value(a.lead_id)},
          {"companyId", opt_value(a.company_id)},
          {"userId", opt_value(a.user_id)},
          {"data", std::move(data)},
          {"createdAt", iso(a.created_at)},
          {"user", a.user ? json::value(user_summary(*a.user)) : json::value(nullptr)}};
}

}  // namespace crm::rest::codec
