// TemplateService: message templates (DOMAIN.md §8). SEQUENCE templates are seeded with their
// sequences and read-only over the API; CANNED ones belong to the team.
#include <cctype>

#include "core/reference/reference_tables.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/templates/recipient_values.hpp"
#include "core/templates/template_store.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/message_templates.hpp"

namespace crm {
namespace {

constexpr auto kName = validate::line_field("name");
constexpr auto kSubject = validate::line_field("subject");
constexpr auto kBody = validate::multi_line_field("body");
constexpr std::size_t kMaxSlugChars = 60;
// Slugs tried with a numeric suffix before a random one is used.
constexpr int kSlugSuffixes = 20;

MessageTemplate require(sql::Connection& conn, std::string_view id) {
  auto t = template_store::find(conn, id);
  if (!t) throw Error::not_found("Template not found");
  return *t;
}

void require_editable(const MessageTemplate& t) {
  if (t.category == TemplateCategory::kSequence)
    throw Error::forbidden("Sequence templates cannot be changed");
}

void check_variables(std::string_view field, const std::optional<std::string>& text) {
  if (text) placeholders::require_known(field, *text, recipient::variables());
}

// "Follow-up #2 (short)" -> "follow-up-2-short"
std::string slug_of(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() >= kMaxSlugChars) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "template" : out;
}

}  // namespace

std::vector<std::string_view> template_variables() {
  const auto vars = recipient::variables();
  return {vars.begin(), vars.end()};
}

TemplateService::TemplateService(detail::Runtime& rt) : rt_(rt) {}

std::vector<MessageTemplate> TemplateService::list(const TemplateQuery& q) {
  auto tx = rt_.db->read();
  std::string sql = "SELECT " + std::string(template_store::kColumns) +
                    " FROM message_templates WHERE " +
                    reference_tables::active_condition(q.active, "");
  std::vector<sql::Value> params;
  if (q.channel) {
    sql += " AND channel = ?";
    params.emplace_back(std::string(to_string(*q.channel)));
  }
  if (q.category) {
    sql += " AND category = ?";
    params.emplace_back(std::string(to_string(*q.category)));
  }
  sql += " ORDER BY name, id";
  return tx->connection().run(sql, params).map(template_store::row_to_template);
}

MessageTemplate TemplateService::get(std::string_view id) {
  auto tx = rt_.db->read();
  return require(tx->connection(), id);
}

MessageTemplate TemplateService::create(const Actor& actor, const TemplateInput& in) {
  MessageTemplate t;
  t.name = validate::required(kName, in.name);
  if (!in.channel) throw Error::invalid("channel is required");
  t.channel = *in.channel;
  t.body = validate::required(kBody, in.body);
  t.subject = validate::patch(kSubject, in.subject).value_or(std::nullopt);
  if (t.subject && t.channel != TemplateChannel::kEmail)
    throw Error::invalid("subject is only for EMAIL templates");
  check_variables("body", t.body);
  check_variables("subject", t.subject);
  t.category = TemplateCategory::kCanned;
  t.is_active = in.is_active.value_or(true);
  const std::string base = slug_of(t.name);

  return rt_.db->write([&](sql::Transaction& tx) {
    MessageTemplate out = t;
    out.id = rt_.new_id();
    out.created_at = out.updated_at = rt_.now();
    for (int i = 1;; ++i) {
      out.slug = i == 1               ? base
                 : i <= kSlugSuffixes ? base + "-" + std::to_string(i)
                                      : base + "-" + out.id.substr(out.id.size() - 8);
      const auto inserted = tx.query(
          "INSERT INTO message_templates (id, slug, name, channel, category, subject, body, "
          "is_active, created_by_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
          "?, ?) ON CONFLICT (slug) DO NOTHING",
          out.id, out.slug, out.name, to_string(out.channel), to_string(out.category), out.subject,
          out.body, out.is_active, actor.user_id, out.created_at, out.updated_at);
      if (inserted.changes > 0) return out;
      if (i > kSlugSuffixes) throw Error::conflict("Could not find a free slug for the template");
    }
  });
}

MessageTemplate TemplateService::update(const Actor&, std::string_view id,
                                        const TemplateInput& in) {
  std::optional<std::string> name, body;
  if (in.name) name = validate::required(kName, in.name);
  if (in.body) body = validate::required(kBody, in.body);
  const auto subject = validate::patch(kSubject, in.subject);
  check_variables("body", body);
  if (subject) check_variables("subject", *subject);

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const MessageTemplate current = require(conn, id);
    require_editable(current);
    if (in.channel && *in.channel != current.channel)
      throw Error::invalid("channel cannot be changed");
    if (subject && *subject && current.channel != TemplateChannel::kEmail)
      throw Error::invalid("subject is only for EMAIL templates");
    storage::Assignments set;
    if (name) set.set("name", *name);
    if (body) set.set("body", *body);
    if (subject) set.set("subject", *subject);
    if (in.is_active) set.set("is_active", *in.is_active);
    if (set.empty()) return current;
    set.set("updated_at", rt_.now());
    set.update_by_id(conn, "message_templates", current.id);
    return require(conn, current.id);
  });
}

void TemplateService::remove(const Actor&, std::string_view id) {
  rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const MessageTemplate t = require(conn, id);
    require_editable(t);
    // Steps are stored as serialized JSON, so a step naming the slug contains this text.
    const auto used = conn.query("SELECT tag_slug FROM sequences WHERE steps LIKE ? LIMIT 1",
                                 "%\"templateSlug\":\"" + t.slug + "\"%");
    if (!used.empty())
      throw Error::conflict("Template is used by the " + used.first().text("tag_slug") +
                            " sequence");
    conn.query("DELETE FROM message_templates WHERE id = ?", t.id);
  });
}

}  // namespace crm
