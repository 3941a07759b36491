#pragma once
// Companies, their addresses and notes.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/activity.hpp"
#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/records.hpp"

namespace crm {

struct Company {
  std::string id;
  std::string name;
  std::optional<std::string> website;
  std::optional<std::string> phone;
  std::optional<std::string> industry;
  std::optional<std::string> icp_tag;
  std::optional<std::string> business_label;
  CompanyStatus status = CompanyStatus::kLead;
  std::optional<std::string> source;
  std::optional<std::string> vendor;
  std::optional<std::string> sales_note;
  bool taxable = false;
  std::optional<std::string> assigned_rep_id;
  std::optional<std::string> description;
  std::optional<double> google_rating;
  std::optional<std::int64_t> google_review_count;
  std::optional<std::string> hero_photo_url;
  std::optional<std::string> maps_url;
  std::optional<std::string> time_zone;  // IANA name; its leads' clock unless the contact has one
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// Create (name required) and update (every field optional). Nullable fields accept null to
// clear them.
struct CompanyInput {
  std::optional<std::string> name;
  Nullable<std::string> website;
  Nullable<std::string> phone;
  Nullable<std::string> industry;
  Nullable<std::string> icp_tag;
  Nullable<std::string> business_label;
  std::optional<CompanyStatus> status;
  Nullable<std::string> source;
  Nullable<std::string> vendor;
  Nullable<std::string> sales_note;
  std::optional<bool> taxable;
  Nullable<std::string> assigned_rep_id;
  Nullable<std::string> time_zone;  // an IANA zone name; unknown -> 400
};

struct CompanyQuery {
  std::optional<std::string> search;  // name or phone (digits compared), case-insensitive
  std::optional<CompanyStatus> status;
  bool partner_only = false;  // partner=true: status PARTNER
  PageRequest page;
};

struct CompanyListItem {
  Company company;
  std::optional<Contact> primary_contact;  // earliest-created contact
  Cents lifetime_value = 0;                // sum of totals of PAID invoices
  std::int64_t active_deals = 0;           // leads in open stages
  std::optional<TimeMs> last_activity_at;  // newest activity of the company or its leads
  std::optional<UserSummary> assigned_rep;
};

enum class AddressType { kBilling, kShipping, kBoth };
std::string_view to_string(AddressType t);
std::optional<AddressType> parse_address_type(std::string_view text);

struct Address {
  std::string id;
  std::string company_id;
  std::optional<std::string> label;
  AddressType type = AddressType::kBoth;
  std::string address_line1;
  std::optional<std::string> address_line2;
  std::string city;
  std::string state;
  std::string zip;
  std::string country = "US";
  std::optional<std::string> notes;
  bool is_default_billing = false;
  bool is_default_shipping = false;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct AddressInput {
  Nullable<std::string> label;
  std::optional<AddressType> type;
  std::optional<std::string> address_line1;  // required on create
  Nullable<std::string> address_line2;
  std::optional<std::string> city;     // required on create
  std::optional<std::string> state;    // required on create
  std::optional<std::string> zip;      // required on create
  std::optional<std::string> country;  // default "US"
  Nullable<std::string> notes;
  std::optional<bool> is_default_billing;
  std::optional<bool> is_default_shipping;
};

struct Note {
  std::string id;
  std::string company_id;
  std::optional<std::string> lead_id;
  std::string author_id;
  std::string body;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::optional<UserSummary> author;
};

// The newest open lead of a company, its stage history (oldest first) and next open task.
struct OpenLeadTimeline {
  Lead lead;
  std::vector<Activity> stage_history;
  std::optional<Task> next_task;
};

struct CompanyDetail {
  Company company;
  std::optional<UserSummary> assigned_rep;
  std::vector<Address> addresses;  // default billing/shipping first
  std::vector<Contact> contacts;
  std::vector<Lead> leads;
  std::vector<DeviceSummary> devices;
  std::vector<InvoiceSummary> invoices;
  std::vector<Task> tasks;  // open tasks, dueAt ascending, undated last
  std::optional<OpenLeadTimeline> open_lead_timeline;
};

namespace detail {
struct Runtime;
}

// Every call applies the visibility of DOMAIN.md §3: a company the actor cannot see answers
// kNotFound, for reads and writes alike. Thread-safe.
class CompanyService {
 public:
  explicit CompanyService(detail::Runtime& rt);

  Page<CompanyListItem> list(const Actor& actor, const CompanyQuery& query);
  Company create(const Actor& actor, const CompanyInput& input);
  CompanyDetail get(const Actor& actor, std::string_view id);
  // Logs status_changed when the status changes.
  Company update(const Actor& actor, std::string_view id, const CompanyInput& input);

  std::vector<Address> list_addresses(const Actor& actor, std::string_view company_id);
  // Setting a default unsets the previous one in the same transaction.
  Address add_address(const Actor& actor, std::string_view company_id, const AddressInput& input);
  Address update_address(const Actor& actor, std::string_view company_id,
                         std::string_view address_id, const AddressInput& input);
  void delete_address(const Actor& actor, std::string_view company_id, std::string_view address_id);

  std::vector<Note> list_notes(const Actor& actor, std::string_view company_id);  // oldest first
  Note add_note(const Actor& actor, std::string_view company_id, std::string_view body,
                const std::optional<std::string>& lead_id = std::nullopt);
  // Author only (kPermissionDenied otherwise); logs note_edited / note_deleted.
  Note update_note(const Actor& actor, std::string_view company_id, std::string_view note_id,
                   std::string_view body);
  void delete_note(const Actor& actor, std::string_view company_id, std::string_view note_id);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
