#include "core/reference/taxonomy_store.hpp"

#include "core/records/row_reader.hpp"
#include "crm/error.hpp"

namespace crm::taxonomy_store {

std::string columns(std::string_view a, std::string_view p) {
  return rows::select_list(
      a, p, {"id", "type", "value", "sort_order", "is_active", "created_at", "updated_at"});
}

Taxonomy to_taxonomy(const sql::Row& row, std::string_view p) {
  const rows::Reader r{row, p};
  Taxonomy t;
  t.id = r.text("id");
  t.type = parse_taxonomy_type(r.text("type")).value_or(TaxonomyType::kIndustry);
  t.value = r.text("value");
  t.sort_order = r.integer("sort_order");
  t.is_active = r.boolean("is_active");
  t.created_at = r.integer("created_at");
  t.updated_at = r.integer("updated_at");
  return t;
}

std::optional<Taxonomy> find(sql::Connection& conn, std::string_view id) {
  const auto res =
      conn.query("SELECT " + columns("t", "") + " FROM taxonomies t WHERE t.id = ?", id);
  if (res.empty()) return std::nullopt;
  return to_taxonomy(res.first(), "");
}

void require_of_type(sql::Connection& conn, std::string_view id, TaxonomyType type,
                     std::string_view field) {
  const auto t = find(conn, id);
  if (!t || t->type != type)
    throw Error::invalid(std::string(field) + " must be a " + std::string(to_string(type)) +
                         " taxonomy value");
}

}  // namespace crm::taxonomy_store
