#include "core/templates/template_store.hpp"

namespace crm::template_store {
namespace {

std::optional<MessageTemplate> first(const sql::Result& res) {
  if (res.empty()) return std::nullopt;
  return row_to_template(res.first());
}

}  // namespace

MessageTemplate row_to_template(const sql::Row& r) {
  MessageTemplate t;
  t.id = r.text("id");
  t.slug = r.text("slug");
  t.name = r.text("name");
  t.channel = parse_template_channel(r.text("channel")).value_or(TemplateChannel::kSms);
  t.category = parse_template_category(r.text("category")).value_or(TemplateCategory::kCanned);
  t.subject = r.opt_text("subject");
  t.body = r.text("body");
  t.is_active = r.boolean("is_active");
  t.created_at = r.integer("created_at");
  t.updated_at = r.integer("updated_at");
  return t;
}

std::optional<MessageTemplate> find(sql::Connection& conn, std::string_view id) {
  return first(
      conn.query("SELECT " + std::string(kColumns) + " FROM message_templates WHERE id = ?", id));
}

std::optional<MessageTemplate> find_by_slug(sql::Connection& conn, std::string_view slug) {
  return first(conn.query(
      "SELECT " + std::string(kColumns) + " FROM message_templates WHERE slug = ?", slug));
}

}  // namespace crm::template_store
