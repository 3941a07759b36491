#include "adapters/rest/codecs/direct_codecs.hpp"

namespace crm::rest::direct {
namespace {

// Bytes of one lead list item with its relations, measured on seeded pages (~1.8 kB): the
// body is reserved once instead of growing through a dozen reallocations.
constexpr std::size_t kLeadItemBytes = 2048;

}  // namespace

void user_members(JsonOut& out, const User& u) {
  out.string("id", u.id)
      .string("email", u.email)
      .string("firstName", u.first_name)
      .string("lastName", u.last_name)
      .string("phone", u.phone)
      .string("role", to_string(u.role))
      .boolean("isActive", u.is_active)
      .iso("lastLoginAt", u.last_login_at)
      .string("invitedById", u.invited_by_id)
      .iso("invitedAt", u.invited_at)
      .iso("createdAt", u.created_at)
      .iso("updatedAt", u.updated_at);
}

void user_summary(JsonOut& out, const UserSummary& u) {
  out.begin_object()
      .string("id", u.id)
      .string("email", u.email)
      .string("firstName", u.first_name)
      .string("lastName", u.last_name)
      .end_object();
}

void lead_members(JsonOut& out, const Lead& l) {
  out.string("id", l.id)
      .string("contactId", l.contact_id)
      .string("companyId", l.company_id)
      .string("ownerId", l.owner_id)
      .string("stage", to_string(l.stage))
      .iso("stageChangedAt", l.stage_changed_at)
      .string("source", l.source)
      .string("sourceCampaign", l.source_campaign)
      .integer("estimatedUnits", l.estimated_units)
      .money("estimatedRevenue", l.estimated_revenue)
      .string("lostReason", l.lost_reason)
      .iso("wonAt", l.won_at)
      .boolean("isDnc", l.is_dnc)
      .iso("createdAt", l.created_at)
      .iso("updatedAt", l.updated_at);
}

void contact(JsonOut& out, const Contact& c) {
  out.begin_object()
      .string("id", c.id)
      .string("companyId", c.company_id)
      .string("firstName", c.first_name)
      .string("lastName", c.last_name)
      .string("fullName", c.full_name)
      .string("email", c.email)
      .string("emailNormalized", c.email_normalized)
      .string("phone", c.phone)
      .string("phoneE164", c.phone_e164)
      .string("title", c.title)
      .string("source", c.source)
      .boolean("isSmsEligible", c.is_sms_eligible)
      .string("notes", c.notes)
      .string("emailStatus", c.email_status)
      .iso("emailVerifiedAt", c.email_verified_at)
      .string("phoneType", c.phone_type)
      .iso("phoneVerifiedAt", c.phone_verified_at)
      .string("timeZone", c.time_zone)
      .iso("createdAt", c.created_at)
      .iso("updatedAt", c.updated_at)
      .end_object();
}

void company_summary(JsonOut& out, const CompanySummary& c) {
  out.begin_object()
      .string("id", c.id)
      .string("name", c.name)
      .string("status", to_string(c.status))
      .string("icpTag", c.icp_tag)
      .string("assignedRepId", c.assigned_rep_id)
      .end_object();
}

void lead_score(JsonOut& out, const LeadScore& s) {
  out.begin_object()
      .integer("fit", s.fit)
      .integer("engagement", s.engagement)
      .integer("total", s.total)
      .end_object();
}

void task(JsonOut& out, const Task& t) {
  out.begin_object()
      .string("id", t.id)
      .string("leadId", t.lead_id)
      .string("companyId", t.company_id)
      .string("assignedToId", t.assigned_to_id)
      .string("createdById", t.created_by_id)
      .string("sequenceRunId", t.sequence_run_id)
      .string("title", t.title)
      .string("description", t.description)
      .string("taskType", t.task_type)
      .string("priority", t.priority)
      .iso("dueAt", t.due_at)
      .integer("durationMin", t.duration_min)
      .boolean("isCompleted", t.is_completed)
      .iso("completedAt", t.completed_at)
      .iso("createdAt", t.created_at)
      .iso("updatedAt", t.updated_at)
      .end_object();
}

void tag_summary(JsonOut& out, const TagSummary& t) {
  out.begin_object()
      .string("id", t.id)
      .string("slug", t.slug)
      .string("name", t.name)
      .string("category", t.category)
      .string("color", t.color)
      .iso("appliedAt", t.applied_at)
      .end_object();
}

void pagination(JsonOut& out, const PageInfo& info) {
  out.begin_object()
      .integer("page", info.page)
      .integer("limit", info.limit)
      .integer("total", info.total)
      .integer("totalPages", info.total_pages)
      .end_object();
}

void lead_list_item(JsonOut& out, const LeadListItem& item) {
  out.begin_object();
  lead_members(out, item.lead);
  contact(out.key("contact"), item.contact);
  if (item.company)
    company_summary(out.key("company"), *item.company);
  else
    out.key("company").null();
  out.key("tags").begin_array();
  for (const auto& tag : item.tags) tag_summary(out, tag);
  out.end_array();
  if (item.score)
    lead_score(out.key("score"), *item.score);
  else
    out.key("score").null();
  if (item.next_task)
    task(out.key("nextTask"), *item.next_task);
  else
    out.key("nextTask").null();
  out.end_object();
}

std::string lead_page(const Page<LeadListItem>& page) {
  std::string body;
  body.reserve(64 + page.items.size() * kLeadItemBytes);
  JsonOut out(body);
  out.begin_object().key("data").begin_array();
  for (const auto& item : page.items) lead_list_item(out, item);
  out.end_array();
  pagination(out.key("pagination"), page.info);
  out.end_object().finish();
  return body;
}

std::string me(const Principal& principal) {
  std::string body;
  body.reserve(512);
  JsonOut out(body);
  out.begin_object().key("data").begin_object();
  user_members(out, principal.user);
  if (principal.invited_by)
    user_summary(out.key("invitedBy"), *principal.invited_by);
  else
    out.key("invitedBy").null();
  out.end_object().end_object().finish();
  return body;
}

}  // namespace crm::rest::direct
