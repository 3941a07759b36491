#pragma once
// Leads and the stage pipeline.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/activity.hpp"
#include "crm/companies.hpp"
#include "crm/contacts.hpp"
#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/records.hpp"

namespace crm {

struct NewLead {
  std::optional<std::string> contact_id;  // required
  std::optional<std::string> company_id;  // default: the contact's company
  std::optional<std::string> source;
  std::optional<LeadStage> stage;  // default NEW_LEAD
  std::optional<std::string> source_campaign;
  std::optional<std::int64_t> estimated_units;
  std::optional<Cents> estimated_revenue;
};

struct LeadUpdate {
  std::optional<LeadStage> stage;  // through change_stage's rule
  Nullable<std::string> source;
  Nullable<std::int64_t> estimated_units;
  Nullable<Cents> estimated_revenue;
  Nullable<std::string> lost_reason;
  std::optional<ContactInput> contact;  // nested contact fields
};

struct LeadQuery {
  std::optional<std::string> search;  // contact name/email/phone, company name
  std::optional<LeadStage> stage;
  std::optional<std::string> source;
  std::optional<std::string> icp;  // company icpTag
  PageRequest page;
};

struct LeadListItem {
  Lead lead;
  Contact contact;
  std::optional<CompanySummary> company;
  std::vector<TagSummary> tags;  // active tags
  std::optional<LeadScore> score;
  std::optional<Task> next_task;  // earliest open task
};

struct LeadDetail {
  Lead lead;
  Contact contact;
  std::optional<Company> company;
  std::vector<TagSummary> tags;
  std::vector<Task> open_tasks;
  std::vector<Activity> activities;  // newest 50
  std::vector<SequenceRunSummary> active_runs;
  std::vector<InvoiceSummary> invoices;
  std::optional<LeadScore> score;
};

namespace detail {
struct Runtime;
}

// A lead is visible when its company is visible or it has no company (DOMAIN.md §3).
// Thread-safe.
class LeadService {
 public:
  explicit LeadService(detail::Runtime& rt);

  Page<LeadListItem> list(const Actor& actor, const LeadQuery& query);
  // Creates the lead and its LeadScore; logs lead_created. The contact and the company must be
  // visible to the actor (kNotFound); when both have a company it must be the same one
  // (kInvalidArgument). Without companyId the lead takes its contact's company.
  Lead create(const Actor& actor, const NewLead& input);
  LeadDetail get(const Actor& actor, std::string_view id);
  // `lostReason` only when the lead is (or moves to) LOST. A nested contact edit needs the
  // contact's own visibility (kNotFound otherwise), as PATCH /api/contacts/[id] does.
  Lead update(const Actor& actor, std::string_view id, const LeadUpdate& update);
  // The one stage rule (DOMAIN.md §6). `reason` is logged on stage_changed and, entering LOST,
  // stored as the lost reason.
  Lead change_stage(const Actor& actor, std::string_view id, LeadStage to,
                    const std::optional<std::string>& reason = std::nullopt);
  // Soft delete: stage BOGUS.
  Lead remove(const Actor& actor, std::string_view id);

  // Notes of the lead's company (kInvalidArgument when the lead has no company).
  std::vector<Note> list_notes(const Actor& actor, std::string_view lead_id);
  Note add_note(const Actor& actor, std::string_view lead_id, std::string_view body);
  Note update_note(const Actor& actor, std::string_view lead_id, std::string_view note_id,
                   std::string_view body);
  void delete_note(const Actor& actor, std::string_view lead_id, std::string_view note_id);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
