#pragma once
// Message templates read inside a caller's transaction.

#include <optional>
#include <string>
#include <string_view>

#include "crm/message_templates.hpp"
#include "crm/ports/sql.hpp"

namespace crm::template_store {

inline constexpr std::string_view kColumns =
    "id, slug, name, channel, category, subject, body, is_active, created_at, updated_at";
MessageTemplate row_to_template(const sql::Row& row);

std::optional<MessageTemplate> find(sql::Connection& conn, std::string_view id);
std::optional<MessageTemplate> find_by_slug(sql::Connection& conn, std::string_view slug);

}  // namespace crm::template_store
