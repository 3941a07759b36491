#include "core/companies/company_repo.hpp"

#include "core/companies/company_keys.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/util/text.hpp"
#include "crm/error.hpp"

namespace crm::company_repo {
namespace {

// The digits-only form the phone search compares against; null when the phone has none.
std::optional<std::string> phone_digits(const std::optional<std::string>& phone) {
  if (!phone) return std::nullopt;
  std::string digits = text::digits(*phone);
  if (digits.empty()) return std::nullopt;
  return digits;
}

}  // namespace

Company require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock) {
  const auto res = conn.query("SELECT " + rows::company_columns("c", "") +
                                  " FROM companies c WHERE c.id = ?" + conn.lock_clause(lock, "c"),
                              id);
  if (res.empty()) throw Error::not_found("Company not found");
  Company company = rows::row_to_company(res.first(), "");
  if (!visibility::can_see_company_rep(actor, company.assigned_rep_id))
    throw Error::not_found("Company not found");
  return company;
}

void insert(sql::Connection& conn, const Company& c,
            const std::optional<std::string>& google_place_id,
            const std::optional<company_keys::Keys>& given_keys) {
  const auto keys = given_keys ? *given_keys : company_keys::compute(c.website, c.phone);
  conn.query(
      "INSERT INTO companies (id, name, website, website_domain, phone, phone_digits, phone_e164, "
      "industry, icp_tag, business_label, status, source, vendor, sales_note, taxable, "
      "assigned_rep_id, description, google_rating, google_review_count, hero_photo_url, "
      "maps_url, google_place_id, time_zone, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      c.id, c.name, c.website, keys.website_domain, c.phone, phone_digits(c.phone), keys.phone_e164,
      c.industry, c.icp_tag, c.business_label, to_string(c.status), c.source, c.vendor,
      c.sales_note, c.taxable, c.assigned_rep_id, c.description, c.google_rating,
      c.google_review_count, c.hero_photo_url, c.maps_url, google_place_id, c.time_zone,
      c.created_at, c.updated_at);
}

void update(sql::Connection& conn, const Company& c) {
  const auto keys = company_keys::compute(c.website, c.phone);
  conn.query(
      "UPDATE companies SET name = ?, website = ?, website_domain = ?, phone = ?, "
      "phone_digits = ?, phone_e164 = ?, industry = ?, icp_tag = ?, business_label = ?, "
      "status = ?, source = ?, vendor = ?, sales_note = ?, taxable = ?, assigned_rep_id = ?, "
      "time_zone = ?, updated_at = ? WHERE id = ?",
      c.name, c.website, keys.website_domain, c.phone, phone_digits(c.phone), keys.phone_e164,
      c.industry, c.icp_tag, c.business_label, to_string(c.status), c.source, c.vendor,
      c.sales_note, c.taxable, c.assigned_rep_id, c.time_zone, c.updated_at, c.id);
}

void require_active_user(sql::Connection& conn, std::string_view user_id) {
  if (conn.query("SELECT id FROM users WHERE id = ? AND is_active = 1", user_id).empty())
    throw Error::invalid("assignedRepId must be an active user");
}

const std::string& open_stages_in_list() {
  static const std::string list = [] {
    std::string out;
    for (LeadStage s : kAllStages) {
      if (!is_open_stage(s)) continue;
      if (!out.empty()) out += ", ";
      out.append("'").append(to_string(s)).append("'");
    }
    return out;
  }();
  return list;
}

}  // namespace crm::company_repo
