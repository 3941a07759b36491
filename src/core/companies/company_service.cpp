// CompanyService: construction, create and update. List, detail, addresses and notes live in
// their own files of this folder.
#include "core/activity/activity_log.hpp"
#include "core/companies/company_repo.hpp"
#include "core/runtime.hpp"
#include "core/util/time_zone.hpp"
#include "core/util/validate.hpp"
#include "crm/companies.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

// The stored fields and their limits (docs/decisions.md "Input limits").
constexpr auto kName = validate::line_field("name");
constexpr auto kWebsite = validate::url_field("website");
constexpr auto kPhone = validate::phone_field("phone");
constexpr auto kIndustry = validate::line_field("industry");
constexpr auto kIcpTag = validate::line_field("icpTag");
constexpr auto kBusinessLabel = validate::line_field("businessLabel");
constexpr auto kSource = validate::line_field("source");
constexpr auto kVendor = validate::line_field("vendor");
constexpr auto kSalesNote = validate::multi_line_field("salesNote");
constexpr auto kAssignedRepId = validate::line_field("assignedRepId");

// Applies every field of `input` except name and status, validating the assigned rep.
void apply_fields(sql::Connection& conn, Company& c, const CompanyInput& input) {
  validate::apply(kWebsite, input.website, c.website);
  validate::apply(kPhone, input.phone, c.phone);
  validate::apply(kIndustry, input.industry, c.industry);
  validate::apply(kIcpTag, input.icp_tag, c.icp_tag);
  validate::apply(kBusinessLabel, input.business_label, c.business_label);
  validate::apply(kSource, input.source, c.source);
  validate::apply(kVendor, input.vendor, c.vendor);
  validate::apply(kSalesNote, input.sales_note, c.sales_note);
  if (input.taxable) c.taxable = *input.taxable;
  tz::apply_field("timeZone", input.time_zone, c.time_zone);
  if (input.assigned_rep_id) {
    c.assigned_rep_id = validate::text(kAssignedRepId, *input.assigned_rep_id);
    if (c.assigned_rep_id) company_repo::require_active_user(conn, *c.assigned_rep_id);
  }
}

}  // namespace

CompanyService::CompanyService(detail::Runtime& rt) : rt_(rt) {}

Company CompanyService::create(const Actor&, const CompanyInput& input) {
  Company c;
  c.name = validate::required(kName, input.name);
  c.status = input.status.value_or(CompanyStatus::kLead);

  return rt_.db->write([&](sql::Transaction& tx) {
    Company created = c;
    // The creator's choice of rep stands as given; without one the company joins the shared pool.
    apply_fields(tx.connection(), created, input);
    created.id = rt_.new_id();
    created.created_at = created.updated_at = rt_.now();
    company_repo::insert(tx.connection(), created);
    return created;
  });
}

Company CompanyService::update(const Actor& actor, std::string_view id, const CompanyInput& input) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Company c = company_repo::require_visible(conn, actor, id, sql::Lock::kForUpdate);
    const CompanyStatus old_status = c.status;
    const auto old_rep = c.assigned_rep_id;

    if (input.name) c.name = validate::required(kName, input.name);
    if (input.status) c.status = *input.status;
    apply_fields(conn, c, input);
    c.updated_at = rt_.now();
    company_repo::update(conn, c);
    if (c.status != old_status) {
      activity::append(conn, rt_,
                       {"status_changed",
                        std::nullopt,
                        c.id,
                        actor.user_id,
                        {{"from", to_string(old_status)}, {"to", to_string(c.status)}}});
    }
    // The pipeline counts leads of LEAD companies, and each rep's view follows assignment.
    if (c.status != old_status || c.assigned_rep_id != old_rep)
      rt_.invalidate_dashboard_on_commit(tx);
    return c;
  });
}

}  // namespace crm
