#pragma once
// The ids of one page of a list, newest first, from an index rather than by sorting enriched
// rows: one ordered index range per visibility scope, merged (UNION ALL ... ORDER BY, which
// both engines run as a merge of ordered streams), then LIMIT/OFFSET over ids only. Services
// then load and enrich just the page's rows.

#include <cstdint>
#include <string>
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
// skipped. `id_of(row)` names a row's id.
template <class Row, class IdOf>
std::vector<Row> in_page_order(const std::vector<std::string>& ids, std::vector<Row> rows,
                               IdOf id_of) {
  std::vector<Row> out;
  out.reserve(rows.size());
  for (const auto& id : ids)
    for (auto& row : rows)
      if (id_of(row) == id) {
        out.push_back(std::move(row));
        break;
      }
  return out;
}

}  // namespace crm::lists
