// TagService: the tag catalog (DOMAIN.md §7, §13). Lead applications live in lead_tags.cpp.
#include <algorithm>

#include "core/records/visibility.hpp"
#include "core/reference/reference_tables.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/tags/tag_store.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/tags.hpp"

namespace crm {
namespace {

constexpr auto kSlug = validate::line_field("slug");
constexpr auto kName = validate::line_field("name");
constexpr auto kColor = validate::line_field("color");
constexpr auto kDescription = validate::multi_line_field("description");
constexpr std::size_t kMaxSlugChars = 64;

std::string checked_slug(const std::optional<std::string>& raw) {
  std::string slug = validate::required(kSlug, raw);
  const bool ok = slug.size() <= kMaxSlugChars && std::all_of(slug.begin(), slug.end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                  });
  if (!ok) throw Error::invalid("slug must be 1 to 64 of a-z, 0-9 and -");
  return slug;
}

Tag require(sql::Connection& conn, std::string_view id) {
  auto tag = tag_store::find(conn, id);
  if (!tag) throw Error::not_found("Tag not found");
  return *tag;
}

}  // namespace

TagService::TagService(detail::Runtime& rt) : rt_(rt) {}

std::vector<Tag> TagService::list(const TagQuery& q) {
  auto tx = rt_.db->read();
  std::string sql = "SELECT " + std::string(tag_store::kColumns) + " FROM tags WHERE " +
                    reference_tables::active_condition(q.active, "");
  std::vector<sql::Value> params;
  if (q.category) {
    sql += " AND category = ?";
    params.emplace_back(std::string(to_string(*q.category)));
  }
  sql += " ORDER BY sort_order, name, id";
  return tx->connection().run(sql, params).map(tag_store::row_to_tag);
}

Tag TagService::create(const Actor& actor, const TagInput& in) {
  visibility::require_admin(actor);
  Tag t;
  t.slug = checked_slug(in.slug);
  t.name = validate::required(kName, in.name);
  t.color = validate::patch(kColor, in.color).value_or(std::nullopt);
  t.description = validate::patch(kDescription, in.description).value_or(std::nullopt);
  t.sort_order = in.sort_order.value_or(0);
  t.is_active = in.is_active.value_or(true);
  t.category = TagCategory::kCustom;
  return rt_.db->write([&](sql::Transaction& tx) {
    Tag out = t;
    out.id = rt_.new_id();
    out.created_at = out.updated_at = rt_.now();
    const auto inserted = tx.query(
        "INSERT INTO tags (id, slug, name, category, color, description, sort_order, is_active, "
        "is_system, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) "
        "ON CONFLICT (slug) DO NOTHING",
        out.id, out.slug, out.name, to_string(out.category), out.color, out.description,
        out.sort_order, out.is_active, out.created_at, out.updated_at);
    if (inserted.changes == 0) throw Error::conflict("A tag with this slug already exists");
    return out;
  });
}

Tag TagService::update(const Actor& actor, std::string_view id, const TagInput& in) {
  visibility::require_admin(actor);
  storage::Assignments set;
  if (in.name) set.set("name", validate::required(kName, in.name));
  if (auto color = validate::patch(kColor, in.color)) set.set("color", *color);
  if (auto description = validate::patch(kDescription, in.description))
    set.set("description", *description);
  if (in.sort_order) set.set("sort_order", *in.sort_order);
  if (in.is_active) set.set("is_active", *in.is_active);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Tag current = require(conn, id);
    if (in.slug && *in.slug != current.slug) throw Error::invalid("slug cannot be changed");
    if (set.empty()) return current;
    storage::Assignments with_time = set;
    with_time.set("updated_at", rt_.now());
    with_time.update_by_id(conn, "tags", current.id);
    return require(conn, current.id);
  });
}

void TagService::remove(const Actor& actor, std::string_view id) {
  visibility::require_admin(actor);
  rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Tag tag = require(conn, id);
    if (tag.is_system) throw Error::forbidden("System tags cannot be deleted");
    if (!conn.query("SELECT 1 FROM lead_tags WHERE tag_id = ? AND removed_at IS NULL LIMIT 1",
                    tag.id)
             .empty())
      throw Error::conflict("Tag is in use on a lead");
    if (!conn.query("SELECT 1 FROM sequence_runs WHERE tag_slug = ? AND status IN ('ACTIVE', "
                    "'PAUSED') LIMIT 1",
                    tag.slug)
             .empty())
      throw Error::conflict("Tag has open sequence runs");
    // The timeline keeps the history (tag_applied / tag_removed activities).
    conn.query("DELETE FROM lead_tags WHERE tag_id = ?", tag.id);
    conn.query("DELETE FROM sequences WHERE tag_slug = ?", tag.slug);
    conn.query("DELETE FROM tags WHERE id = ?", tag.id);
  });
}

}  // namespace crm
