// CompanyService::list. As for leads (DOMAIN.md §19): the total from list_counts unless a search
// narrows the list, the page's ids from an index range per visibility scope, then one query
// loads and enriches just those rows (correlated subqueries per row of the page).
#include "core/companies/company_repo.hpp"
#include "core/lists/list_counts.hpp"
#include "core/lists/page_ids.hpp"
#include "core/lists/text_search.hpp"
#include "core/records/record_rows.hpp"
#include "core/runtime.hpp"
#include "core/storage/money_sum.hpp"
#include "core/util/text.hpp"
#include "crm/companies.hpp"

namespace crm {
namespace {

// The enriched columns of the page's companies.
std::string page_sql(sql::Connection& conn) {
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
         " LEFT JOIN users r ON r.id = c.assigned_rep_id WHERE " +
         conn.in_text_list("c.id");
}

CompanyListItem row_to_item(const sql::Row& row) {
  CompanyListItem item;
  item.company = rows::row_to_company(row, "");
  if (!row.is_null("pc_id")) item.primary_contact = rows::row_to_contact(row, "pc_");
  item.lifetime_value = storage::read_money_sum(row, "lifetime_value");
  item.active_deals = row.integer("active_deals");
  item.last_activity_at = row.opt_integer("last_activity_at");
  item.assigned_rep = rows::row_to_user_summary(row, "r_");
  return item;
}

}  // namespace

Page<CompanyListItem> CompanyService::list(const Actor& actor, const CompanyQuery& query) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const lists::Scopes scopes = lists::company_scopes(actor);
  // partner=true is status PARTNER; with another status asked for as well, nothing matches.
  std::optional<std::string> status;
  if (query.status) status = std::string(to_string(*query.status));
  if (query.partner_only) {
    const std::string partner(to_string(CompanyStatus::kPartner));
    if (status && *status != partner) {
      Page<CompanyListItem> none;
      none.info = make_page_info(query.page, 0);
      return none;
    }
    status = partner;
  }

  lists::PageIdsQuery page{"companies c",
                           "c.id",
                           "c.created_at",
                           "c.assigned_rep_id",
                           scopes,
                           "",
                           {},
                           query.page.limit,
                           query.page.offset()};
  if (status) {
    page.where = "c.status = ?";
    page.where_params.emplace_back(*status);
  }
  std::int64_t total = 0;
  const std::string term = query.search ? text::trim(*query.search) : "";
  if (term.empty()) {
    total = lists::total(conn, "companies", scopes, status);
  } else {
    std::vector<sql::Value> search_params;
    const std::string matching = lists::company_match_condition(conn, term, true, search_params);
    page.where += (page.where.empty() ? "" : " AND ") + matching;
    page.driven_by_where = true;
    page.where_params.insert(page.where_params.end(), search_params.begin(), search_params.end());
    std::vector<sql::Value> params = page.where_params;
    const std::string sql = "SELECT COUNT(*) AS n FROM companies c WHERE " + page.where + " AND " +
                            lists::scope_condition("c.assigned_rep_id", scopes, params);
    total = conn.run(sql, params).first().integer("n");
  }

  Page<CompanyListItem> out;
  out.info = make_page_info(query.page, total);
  const std::vector<std::string> ids = lists::page_ids(conn, page);
  if (ids.empty()) return out;
  out.items = lists::in_page_order(
      ids, conn.query(page_sql(conn), sql::Connection::text_list(ids)).map(row_to_item),
      [](const CompanyListItem& i) { return i.company.id; });
  return out;
}

}  // namespace crm
