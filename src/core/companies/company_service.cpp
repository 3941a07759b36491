// CompanyService: construction, create and update. List, detail, addresses and notes live in
// their own files of this folder.
#include "core/activity/activity_log.hpp"
#include "core/companies/company_repo.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/companies.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

// Absent keeps the current value; null or blank clears it; text is stored trimmed.
void apply(std::optional<std::string>& field, const Nullable<std::string>& patch) {
  if (patch) field = validate::optional_trimmed(*patch);
}

// Applies every field of `input` except name and status, validating the assigned rep.
void apply_fields(sql::Connection& conn, Company& c, const CompanyInput& input) {
  apply(c.website, input.website);
  apply(c.phone, input.phone);
  apply(c.industry, input.industry);
  apply(c.icp_tag, input.icp_tag);
  apply(c.business_label, input.business_label);
  apply(c.source, input.source);
  apply(c.vendor, input.vendor);
  apply(c.sales_note, input.sales_note);
  if (input.taxable) c.taxable = *input.taxable;
  if (input.assigned_rep_id) {
    c.assigned_rep_id = validate::optional_trimmed(*input.assigned_rep_id);
    if (c.assigned_rep_id) company_repo::require_active_user(conn, *c.assigned_rep_id);
  }
}

}  // namespace

CompanyService::CompanyService(detail::Runtime& rt) : rt_(rt) {}

Company CompanyService::create(const Actor&, const CompanyInput& input) {
  Company c;
  c.name = validate::required("name", input.name);
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

    if (input.name) c.name = validate::required("name", input.name);
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
