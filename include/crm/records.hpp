#pragma once
// Records that several areas embed in their views: contacts, leads, tasks, tags, runs,
// invoices and devices in summary form.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/money.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

enum class CompanyStatus { kLead, kCustomer, kPartner, kContact, kInactive, kDead };
std::string_view to_string(CompanyStatus s);
std::optional<CompanyStatus> parse_company_status(std::string_view text);

// Pipeline order; the first five are "open".
enum class LeadStage {
  kNewLead,
  kContacted,
  kQualified,
  kProposalSent,
  kNegotiating,
  kWon,
  kLost,
  kBogus
};
std::string_view to_string(LeadStage s);
std::optional<LeadStage> parse_lead_stage(std::string_view text);
bool is_open_stage(LeadStage s);
inline constexpr LeadStage kAllStages[] = {
    LeadStage::kNewLead,     LeadStage::kContacted, LeadStage::kQualified, LeadStage::kProposalSent,
    LeadStage::kNegotiating, LeadStage::kWon,       LeadStage::kLost,      LeadStage::kBogus};

struct CompanySummary {
  std::string id;
  std::string name;
  CompanyStatus status = CompanyStatus::kLead;
  std::optional<std::string> icp_tag;
  std::optional<std::string> assigned_rep_id;
};

struct Contact {
  std::string id;
  std::optional<std::string> company_id;
  std::string first_name;
  std::string last_name;
  std::string full_name;
  std::optional<std::string> email;
  std::optional<std::string> email_normalized;
  std::optional<std::string> phone;
  std::optional<std::string> phone_e164;
  std::optional<std::string> title;
  std::optional<std::string> source;
  bool is_sms_eligible = false;
  std::optional<std::string> notes;
  std::string email_status = "UNKNOWN";  // UNKNOWN | VALID | INVALID | RISKY | CATCH_ALL
  std::optional<TimeMs> email_verified_at;
  std::string phone_type = "UNKNOWN";  // MOBILE | LANDLINE | VOIP | UNKNOWN
  std::optional<TimeMs> phone_verified_at;
  std::optional<std::string> time_zone;  // IANA name; the lead's clock (DOMAIN.md §8)
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct Lead {
  std::string id;
  std::string contact_id;
  std::optional<std::string> company_id;
  std::optional<std::string> owner_id;
  LeadStage stage = LeadStage::kNewLead;
  std::optional<TimeMs> stage_changed_at;
  std::optional<std::string> source;
  std::optional<std::string> source_campaign;
  std::optional<std::int64_t> estimated_units;
  std::optional<Cents> estimated_revenue;
  std::optional<std::string> lost_reason;
  std::optional<TimeMs> won_at;
  bool is_dnc = false;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct LeadScore {
  int fit = 0;         // 0..50
  int engagement = 0;  // 0..50
  int total = 0;
};

struct Task {
  std::string id;
  std::optional<std::string> lead_id;
  std::optional<std::string> company_id;
  std::optional<std::string> assigned_to_id;
  std::optional<std::string> created_by_id;
  std::optional<std::string> sequence_run_id;
  std::string title;
  std::optional<std::string> description;
  std::string task_type = "FOLLOW_UP";
  std::string priority = "MEDIUM";
  std::optional<TimeMs> due_at;
  int duration_min = 30;
  bool is_completed = false;
  std::optional<TimeMs> completed_at;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct TagSummary {
  std::string id;
  std::string slug;
  std::string name;
  std::string category;
  std::optional<std::string> color;
  TimeMs applied_at = 0;
};

struct SequenceRunSummary {
  std::string id;
  std::string tag_slug;
  std::string status;
  int current_step = 1;
  std::optional<TimeMs> next_run_at;
  TimeMs started_at = 0;
};

struct InvoiceSummary {
  std::string id;
  std::string number;
  std::string status;
  Cents total = 0;
  Cents amount_paid = 0;
  Cents balance = 0;
  std::optional<TimeMs> due_date;
  std::optional<std::string> lead_id;
  TimeMs created_at = 0;
};

struct DeviceSummary {
  std::string id;
  std::string serial_number;
  std::string status;
  std::optional<std::string> model;
  std::optional<std::string> invoice_id;
};

}  // namespace crm
