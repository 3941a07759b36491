#pragma once
// The ids of one page of records and each id's place in the page: rows that come back from the
// database in any order are put in place by a binary search over the sorted ids, without a map
// keyed by id.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crm/ports/sql.hpp"

namespace crm::rows {

class PagePlaces {
 public:
  // `ids` in page order; they must outlive this object.
  explicit PagePlaces(const std::vector<std::string>& ids)
      : list_(sql::Connection::text_list(ids)) {
    sorted_.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) sorted_.emplace_back(ids[i], i);
    std::sort(sorted_.begin(), sorted_.end());
  }

  std::size_t size() const { return sorted_.size(); }
  bool empty() const { return sorted_.empty(); }
  // The ids as one parameter for Connection::in_text_list / text_list_table, built once for
  // every statement.
  const sql::Value& list() const { return list_; }
  // The place of `id` in the page; nullopt for an id not on it.
  std::optional<std::size_t> place(std::string_view id) const {
    const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), id,
                                     [](const std::pair<std::string_view, std::size_t>& e,
                                        std::string_view v) { return e.first < v; });
    if (it == sorted_.end() || it->first != id) return std::nullopt;
    return it->second;
  }

 private:
  sql::Value list_;
  std::vector<std::pair<std::string_view, std::size_t>> sorted_;
};

}  // namespace crm::rows
