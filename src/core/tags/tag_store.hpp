#pragma once
// Tags read inside a caller's transaction.

#include <optional>
#include <string>
#include <string_view>

#include "crm/ports/sql.hpp"
#include "crm/tags.hpp"

namespace crm::tag_store {

inline constexpr std::string_view kColumns =
    "id, slug, name, category, color, description, sort_order, is_active, is_system, created_at, "
    "updated_at";
Tag row_to_tag(const sql::Row& row);

std::optional<Tag> find(sql::Connection& conn, std::string_view id);
std::optional<Tag> find_by_slug(sql::Connection& conn, std::string_view slug);

}  // namespace crm::tag_store
