#pragma once
// Taxonomy rows inside a caller's transaction.

#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/reference.hpp"

namespace crm::taxonomy_store {

std::string columns(std::string_view alias, std::string_view prefix);
Taxonomy to_taxonomy(const sql::Row& row, std::string_view prefix);
std::optional<Taxonomy> find(sql::Connection& conn, std::string_view id);

// kInvalidArgument "<field> must be a <TYPE> taxonomy value" unless `id` names a value of
// `type` (active or not: an invoice may keep a value that was retired later).
void require_of_type(sql::Connection& conn, std::string_view id, TaxonomyType type,
                     std::string_view field);

}  // namespace crm::taxonomy_store
