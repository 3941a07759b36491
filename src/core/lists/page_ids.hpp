#pragma once
// The ids of one page of a list, newest first, from an index rather than by sorting enriched
// rows: one ordered index range per visibility scope, merged (UNION ALL ... ORDER BY, which
// both engines run as a merge of ordered streams), then LIMIT/OFFSET over ids only. Services
// then load and enrich just the page's rows.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lists/scopes.hpp"
#include "crm/ports/sql.hpp"

namespace crm::lists {

struct PageIdsQuery {
  std::string from;          // "leads l" (joins allowed)
  std::string id_column;     // "l.id"
  std::string sort_column;   // "l.created_at": newest first, then id
  std::string scope_column;  // "l.scope"
  Scopes scopes;             // nullopt: every row
  std::string where;         // more conditions ("l.stage = ?"), or empty
  std::vector<sql::Value> where_params;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
  // The `where` conditions find few rows through an index of their own (a search): one query
  // driven by them, visibility as a filter, rather than a walk per scope.
  bool driven_by_where = false;
};

std::vector<std::string> page_ids(sql::Connection& conn, const PageIdsQuery& q);

// Rows loaded by id (in any order) put back in the page's order; ids without a row are
// skipped. `id_of(row)` names a row's id. Sorts positions instead of searching the rows for
// every id (an IN list returns them in id order: the reverse of a newest-first page).
template <class Row, class IdOf>
std::vector<Row> in_page_order(const std::vector<std::string>& ids, std::vector<Row> rows,
                               IdOf id_of) {
  std::vector<std::pair<std::string_view, std::size_t>> position;  // id -> place in the page
  position.reserve(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) position.emplace_back(ids[i], i);
  std::sort(position.begin(), position.end());
  std::vector<std::pair<std::size_t, std::size_t>> order;  // (place in the page, row)
  order.reserve(rows.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& id = id_of(rows[r]);  // a reference, or a temporary kept alive
    const auto it = std::lower_bound(position.begin(), position.end(),
                                     std::pair<std::string_view, std::size_t>(id, 0));
    if (it != position.end() && it->first == std::string_view(id))
      order.emplace_back(it->second, r);
  }
  std::sort(order.begin(), order.end());
  std::vector<Row> out;
  out.reserve(order.size());
  for (std::size_t k = 0; k < order.size(); ++k)
    if (k == 0 || order[k].first != order[k - 1].first)  // one row per id, the first loaded
      out.push_back(std::move(rows[order[k].second]));
  return out;
}

}  // namespace crm::lists
