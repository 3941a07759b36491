// CompanyService::list: one query for the page (enrichment as correlated subqueries) and one
// count query.
#include "core/companies/company_repo.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/storage/money_sum.hpp"
#include "core/util/text.hpp"
#include "crm/companies.hpp"

namespace crm {
namespace {

// Phone searches compare digits only, and only once the query has enough digits to mean a
// phone number rather than, say, the "3" of "3M".
constexpr std::size_t kMinPhoneSearchDigits = 3;

struct Filter {
  std::string where;
  std::vector<sql::Value> params;
};

Filter build_filter(const Actor& actor, const CompanyQuery& q) {
  Filter f;
  f.where = " WHERE " + visibility::company_condition(actor, "c", f.params);
  if (q.search) {
    const std::string term = text::trim(*q.search);
    if (!term.empty()) {
      f.where += " AND (lower(c.name) LIKE ? ESCAPE '\\'";
      f.params.emplace_back(text::contains_pattern(term));
      const std::string digits = text::digits(term);
      if (digits.size() >= kMinPhoneSearchDigits) {
        f.where += " OR c.phone_digits LIKE ?";
        f.params.emplace_back("%" + digits + "%");
      }
      f.where += ")";
    }
  }
  if (q.status) {
    f.where += " AND c.status = ?";
    f.params.emplace_back(std::string(to_string(*q.status)));
  }
  if (q.partner_only) {
    f.where += " AND c.status = ?";
    f.params.emplace_back(std::string(to_string(CompanyStatus::kPartner)));
  }
  return f;
}

std::string page_sql(const std::string& where) {
  return "SELECT " + rows::company_columns("c", "") + ", " + rows::contact_columns("pc", "pc_") +
         ", " + rows::user_summary_columns("r", "r_") + ", " +
         storage::money_sum_subqueries(
             "i.total", "FROM invoices i WHERE i.company_id = c.id AND i.status = 'PAID'",
             "lifetime_value") +
         ", (SELECT COUNT(*) FROM leads l WHERE l.company_id = c.id AND l.stage IN (" +
         company_repo::open_stages_in_list() +
         ")) AS active_deals"
         // Two indexed branches (company's own activities, its leads' activities) instead of an OR.
         ", (SELECT MAX(u.t) FROM (SELECT MAX(a.created_at) AS t FROM activities a WHERE "
         "a.company_id = c.id"
         "   UNION ALL SELECT MAX(a.created_at) AS t FROM activities a JOIN leads l ON l.id = "
         "a.lead_id"
         "   WHERE l.company_id = c.id) u) AS last_activity_at"
         " FROM companies c"
         " LEFT JOIN contacts pc ON pc.id = (SELECT x.id FROM contacts x WHERE x.company_id = c.id"
         "   ORDER BY x.created_at, x.id LIMIT 1)"
         " LEFT JOIN users r ON r.id = c.assigned_rep_id" +
         where + " ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?";
}

}  // namespace

Page<CompanyListItem> CompanyService::list(const Actor& actor, const CompanyQuery& query) {
  Filter filter = build_filter(actor, query);
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const std::int64_t total =
      conn.run("SELECT COUNT(*) AS n FROM companies c" + filter.where, filter.params)
          .first()
          .integer("n");

  filter.params.emplace_back(std::int64_t{query.page.limit});
  filter.params.emplace_back(query.page.offset());
  Page<CompanyListItem> page;
  page.info = make_page_info(query.page, total);
  for (const auto& row : conn.run(page_sql(filter.where), filter.params).rows) {
    CompanyListItem item;
    item.company = rows::row_to_company(row, "");
    if (!row.is_null("pc_id")) item.primary_contact = rows::row_to_contact(row, "pc_");
    item.lifetime_value = storage::read_money_sum(row, "lifetime_value");
    item.active_deals = row.integer("active_deals");
    item.last_activity_at = row.opt_integer("last_activity_at");
    item.assigned_rep = rows::row_to_user_summary(row, "r_");
    page.items.push_back(std::move(item));
  }
  return page;
}

}  // namespace crm
