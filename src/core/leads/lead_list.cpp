// LeadService::list. The page costs what the page costs (DOMAIN.md §19): the total comes from
// list_counts unless a search or a source/ICP filter narrows the list, the page's ids from an
// index range per visibility scope, and only those rows are loaded and enriched (contact,
// company and score joined, then the relations: the tags' applications and the tags they name,
// the next tasks). Six statements whatever the page size, each one text for any page (the ids
// are one list parameter), their rows read in place (Connection::each).
#include "core/leads/lead_relations.hpp"
#include "core/lists/list_counts.hpp"
#include "core/lists/page_ids.hpp"
#include "core/lists/text_search.hpp"
#include "core/records/page_places.hpp"
#include "core/records/record_rows.hpp"
#include "core/runtime.hpp"
#include "core/storage/per_dialect.hpp"
#include "core/util/text.hpp"
#include "crm/leads.hpp"

namespace crm {
namespace {

// Conditions beyond visibility and stage, which only a COUNT can total.
struct Narrowing {
  std::string from = "leads l";
  bool searched = false;  // a search narrows the list
  std::string where;      // "" or conditions joined by AND
  // `where` with the search written as a probe of each lead (EXISTS ... = l.contact_id): for
  // a page walked newest first through the list's own index. Same parameters as `where`.
  std::string probe_where;
  std::vector<sql::Value> params;
  bool any() const { return !where.empty(); }
  void add(const std::string& condition) { add(condition, condition); }
  void add(const std::string& condition, const std::string& as_probe) {
    where += (where.empty() ? "" : " AND ") + condition;
    probe_where += (probe_where.empty() ? "" : " AND ") + as_probe;
  }
};

Narrowing narrowing(sql::Connection& conn, const LeadQuery& q) {
  Narrowing n;
  if (q.search) {
    const std::string term = text::trim(*q.search);
    if (!term.empty()) {
      const std::string contact = lists::contact_match_condition(conn, term, n.params);
      const std::string company = lists::company_match_condition(conn, term, false, n.params);
      n.add("(l.contact_id IN (SELECT ct.id FROM contacts ct WHERE " + contact +
                ") OR l.company_id IN (SELECT c.id FROM companies c WHERE " + company + "))",
            "(EXISTS (SELECT 1 FROM contacts ct WHERE ct.id = l.contact_id AND " + contact +
                ") OR EXISTS (SELECT 1 FROM companies c WHERE c.id = l.company_id AND " + company +
                "))");
      n.searched = true;
    }
  }
  if (q.source && !q.source->empty()) {
    n.add("l.source = ?");
    n.params.emplace_back(*q.source);
  }
  if (q.icp && !q.icp->empty()) {
    n.from = "leads l JOIN companies ic ON ic.id = l.company_id";
    n.add("ic.icp_tag = ?");
    n.params.emplace_back(*q.icp);
  }
  return n;
}

// How many of the newest visible leads to walk for a searched page, probing each, instead of
// finding the page from the matches and sorting them; nullopt when that is not cheaper. If the
// matches are spread evenly, the page lies within the newest (offset + limit) × visible /
// matches leads; the window is four times that, and is worth it only while it stays under the
// number of matches (each of which the other plan reads and sorts). A common term (1 in 8 of a
// million leads) walks at most ~1,600 leads instead of sorting 125,000; a rare one keeps the
// match-driven plan.
std::optional<std::int64_t> walk_window(std::int64_t matches, std::int64_t visible,
                                        const PageRequest& page) {
  if (matches <= 0) return std::nullopt;
  const double window = 4.0 * static_cast<double>(page.offset() + page.limit) *
                        static_cast<double>(visible) / static_cast<double>(matches);
  if (window > static_cast<double>(matches)) return std::nullopt;
  return std::max<std::int64_t>(static_cast<std::int64_t>(window) + 1, page.offset() + page.limit);
}

// The ids of a searched page walked newest first through the list's index with the search as
// a probe of each lead (`n.probe_where`), within the `window` newest visible leads; nullopt
// when the window holds fewer matches than the page needs (matches bunched among older leads),
// and the caller then finds the page from the matches. Exact when it answers: every lead
// outside the window is older than every lead in it.
std::optional<std::vector<std::string>> walked_page_ids(sql::Connection& conn,
                                                        const lists::PageIdsQuery& driven,
                                                        const Narrowing& n,
                                                        const std::optional<std::string>& stage,
                                                        std::int64_t window) {
  lists::PageIdsQuery walk = driven;
  walk.where = n.probe_where;
  walk.where_params = n.params;
  walk.driven_by_where = false;
  lists::PageIdsQuery newest{"leads l", "l.id", "l.created_at", "l.scope", driven.scopes, "",
                             {},        1,      window - 1};
  if (stage) {
    walk.where += " AND l.stage = ?";
    walk.where_params.emplace_back(*stage);
    newest.where = "l.stage = ?";
    newest.where_params.emplace_back(*stage);
  }
  const std::vector<std::string> edge = lists::page_ids(conn, newest);
  if (edge.empty()) return lists::page_ids(conn, walk);  // the window holds every visible lead
  walk.where += " AND l.created_at >= (SELECT e.created_at FROM leads e WHERE e.id = ?)";
  walk.where_params.emplace_back(edge.front());
  std::vector<std::string> ids = lists::page_ids(conn, walk);
  if (static_cast<std::int64_t>(ids.size()) < walk.limit) return std::nullopt;
  return ids;
}

std::int64_t count_narrowed(sql::Connection& conn, const Narrowing& n, const lists::Scopes& scopes,
                            const std::optional<LeadStage>& stage) {
  std::string sql = "SELECT COUNT(*) AS n FROM " + n.from + " WHERE " + n.where;
  std::vector<sql::Value> params = n.params;
  if (stage) {
    sql += " AND l.stage = ?";
    params.emplace_back(std::string(to_string(*stage)));
  }
  sql += " AND " + lists::scope_condition("l.scope", scopes, params);
  return conn.run(sql, params).first().integer("n");
}

// The page's leads with contact, company and score (one row each: the score is keyed by lead),
// at their places in the page (`loaded` tells which were found), read in place
// (Connection::each). The company is the list's summary: only its five columns are read.
std::vector<LeadListItem> load_items(sql::Connection& conn, const rows::PagePlaces& page,
                                     std::vector<bool>& loaded) {
  std::vector<LeadListItem> items(page.size());
  loaded.assign(page.size(), false);
  if (page.empty()) return items;
  const std::string& sql = storage::per_dialect(conn, [](sql::Connection& c) {
    return "SELECT " + rows::lead_columns("l", "l_") + ", " + rows::contact_columns("ct", "ct_") +
           ", " + rows::company_summary_columns("c", "c_") +
           ", s.fit AS s_fit, s.engagement AS s_engagement, s.total AS s_total"
           " FROM leads l JOIN contacts ct ON ct.id = l.contact_id "
           "LEFT JOIN companies c ON c.id = l.company_id "
           "LEFT JOIN lead_scores s ON s.lead_id = l.id WHERE " +
           c.in_text_list("l.id");
  });
  conn.each(sql, std::span(&page.list(), 1), [&](const sql::RowView& row) {
    const auto place = page.place(row.text(0));  // l_id
    if (!place || loaded[*place]) return;
    loaded[*place] = true;
    LeadListItem& item = items[*place];
    int at = 0;
    item.lead = rows::read_lead(row, at, "l_");
    item.contact = rows::read_contact(row, at, "ct_");
    if (!row.is_null(at)) item.company = rows::read_company_summary(row, at, "c_");
    const int s = row.size() - 3;  // s_fit, s_engagement, s_total: the last three
    if (!row.is_null(s))
      item.score = LeadScore{static_cast<int>(row.integer(s)), static_cast<int>(row.integer(s + 1)),
                             static_cast<int>(row.integer(s + 2))};
  });
  return items;
}

}  // namespace

Page<LeadListItem> LeadService::list(const Actor& actor, const LeadQuery& query) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const lists::Scopes scopes = lists::record_scopes(actor);
  const Narrowing n = narrowing(conn, query);
  const std::optional<std::string> stage =
      query.stage ? std::optional<std::string>(to_string(*query.stage)) : std::nullopt;

  const std::int64_t total = n.any() ? count_narrowed(conn, n, scopes, query.stage)
                                     : lists::total(conn, "leads", scopes, stage);
  lists::PageIdsQuery page{n.from,  "l.id",   "l.created_at",   "l.scope",          scopes,
                           n.where, n.params, query.page.limit, query.page.offset()};
  if (stage) {
    page.where += (page.where.empty() ? "" : " AND ") + std::string("l.stage = ?");
    page.where_params.emplace_back(*stage);
  }
  page.driven_by_where = n.searched;

  Page<LeadListItem> out;
  out.info = make_page_info(query.page, total);
  // A search finds its page from its matches, unless they are so many that a short walk of the
  // newest leads finds it sooner (the visible total is a maintained count: one row read).
  std::optional<std::vector<std::string>> walked;
  if (n.searched)
    if (const auto window =
            walk_window(total, lists::total(conn, "leads", scopes, stage), query.page))
      walked = walked_page_ids(conn, page, n, stage, *window);
  const std::vector<std::string> ids = walked ? std::move(*walked) : lists::page_ids(conn, page);
  const rows::PagePlaces places(ids);
  std::vector<bool> loaded;
  std::vector<LeadListItem> items = load_items(conn, places, loaded);
  auto tags = lead_relations::active_tags(conn, places);
  auto tasks = lead_relations::next_open_tasks(conn, actor, places);
  // In page order; a lead of the page that is gone is skipped (not possible within one
  // snapshot, but cheap to honour).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!loaded[i]) continue;
    LeadListItem& item = items[kept++];
    if (&item != &items[i]) item = std::move(items[i]);
    item.tags = std::move(tags[i]);
    item.next_task = std::move(tasks[i]);
  }
  items.resize(kept);
  out.items = std::move(items);
  return out;
}

}  // namespace crm
