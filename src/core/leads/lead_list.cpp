// LeadService::list: one page query (lead + contact + company) and one query per relation.
#include "core/contacts/contact_search.hpp"
#include "core/leads/lead_relations.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "crm/leads.hpp"

namespace crm {

Page<LeadListItem> LeadService::list(const Actor& actor, const LeadQuery& query) {
  std::vector<sql::Value> params;
  std::string where =
      " FROM leads l JOIN contacts ct ON ct.id = l.contact_id "
      "LEFT JOIN companies c ON c.id = l.company_id WHERE " +
      visibility::optional_company_condition(actor, "l.company_id", "c", params);
  if (query.search && !text::trim(*query.search).empty()) {
    const std::string term = text::trim(*query.search);
    where += " AND (" + contact_search::condition("ct", term, params) +
             " OR lower(c.name) LIKE ? ESCAPE '\\')";
    params.emplace_back(text::contains_pattern(term));
  }
  if (query.stage) {
    where += " AND l.stage = ?";
    params.emplace_back(std::string(to_string(*query.stage)));
  }
  if (query.source && !query.source->empty()) {
    where += " AND l.source = ?";
    params.emplace_back(*query.source);
  }
  if (query.icp && !query.icp->empty()) {
    where += " AND c.icp_tag = ?";
    params.emplace_back(*query.icp);
  }

  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const std::int64_t total = conn.run("SELECT COUNT(*) AS n" + where, params).first().integer("n");
  auto page_params = params;
  page_params.emplace_back(std::int64_t{query.page.limit});
  page_params.emplace_back(query.page.offset());
  const auto res =
      conn.run("SELECT " + rows::lead_columns("l", "l_") + ", " +
                   rows::contact_columns("ct", "ct_") + ", " + rows::company_columns("c", "c_") +
                   where + " ORDER BY l.created_at DESC, l.id DESC LIMIT ? OFFSET ?",
               page_params);

  Page<LeadListItem> page;
  page.info = make_page_info(query.page, total);
  std::vector<std::string> ids;
  for (const auto& row : res.rows) {
    LeadListItem item{rows::row_to_lead(row, "l_"),
                      rows::row_to_contact(row, "ct_"),
                      std::nullopt,
                      {},
                      std::nullopt,
                      std::nullopt};
    if (!row.is_null("c_id")) item.company = rows::row_to_company_summary(row, "c_");
    ids.push_back(item.lead.id);
    page.items.push_back(std::move(item));
  }
  auto tags = lead_relations::active_tags(conn, ids);
  auto scores = lead_relations::scores(conn, ids);
  auto tasks = lead_relations::next_open_tasks(conn, ids);
  for (auto& item : page.items) {
    if (auto it = tags.find(item.lead.id); it != tags.end()) item.tags = std::move(it->second);
    if (auto it = scores.find(item.lead.id); it != scores.end()) item.score = it->second;
    if (auto it = tasks.find(item.lead.id); it != tasks.end())
      item.next_task = std::move(it->second);
  }
  return page;
}

}  // namespace crm
