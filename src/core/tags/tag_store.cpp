#include "core/tags/tag_store.hpp"

namespace crm::tag_store {
namespace {

std::optional<Tag> first(const sql::Result& res) {
  if (res.empty()) return std::nullopt;
  return row_to_tag(res.first());
}

}  // namespace

Tag row_to_tag(const sql::Row& r) {
  Tag t;
  t.id = r.text("id");
  t.slug = r.text("slug");
  t.name = r.text("name");
  t.category = parse_tag_category(r.text("category")).value_or(TagCategory::kCustom);
  t.color = r.opt_text("color");
  t.description = r.opt_text("description");
  t.sort_order = r.integer("sort_order");
  t.is_active = r.boolean("is_active");
  t.is_system = r.boolean("is_system");
  t.created_at = r.integer("created_at");
  t.updated_at = r.integer("updated_at");
  return t;
}

std::optional<Tag> find(sql::Connection& conn, std::string_view id) {
  return first(conn.query("SELECT " + std::string(kColumns) + " FROM tags WHERE id = ?", id));
}

std::optional<Tag> find_by_slug(sql::Connection& conn, std::string_view slug) {
  return first(conn.query("SELECT " + std::string(kColumns) + " FROM tags WHERE slug = ?", slug));
}

}  // namespace crm::tag_store
