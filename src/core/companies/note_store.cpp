#include "core/companies/note_store.hpp"

#include "core/activity/activity_log.hpp"
#include "core/records/record_rows.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"

namespace crm::note_store {
namespace {

constexpr auto kBody = validate::multi_line_field("body");

std::string select_notes() {
  return "SELECT n.id, n.company_id, n.lead_id, n.author_id, n.body, n.created_at, n.updated_at, " +
         rows::user_summary_columns("u", "u_") +
         " FROM notes n LEFT JOIN users u ON u.id = n.author_id";
}

Note row_to_note(const sql::Row& r) {
  Note n;
  n.id = r.text("id");
  n.company_id = r.text("company_id");
  n.lead_id = r.opt_text("lead_id");
  n.author_id = r.text("author_id");
  n.body = r.text("body");
  n.created_at = r.integer("created_at");
  n.updated_at = r.integer("updated_at");
  n.author = rows::row_to_user_summary(r, "u_");
  return n;
}

Note load(sql::Connection& conn, std::string_view note_id) {
  return row_to_note(conn.query(select_notes() + " WHERE n.id = ?", note_id).first());
}

// The note when it belongs to the company and the actor wrote it.
Note require_own(sql::Connection& conn, const Actor& actor, std::string_view company_id,
                 std::string_view note_id) {
  const auto res =
      conn.query(select_notes() + " WHERE n.id = ? AND n.company_id = ?", note_id, company_id);
  if (res.empty()) throw Error::not_found("Note not found");
  Note note = row_to_note(res.first());
  if (note.author_id != actor.user_id) throw Error::forbidden("Only the author can edit this note");
  return note;
}

void log(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor, std::string type,
         const Note& note) {
  activity::append(
      conn, rt,
      {std::move(type), note.lead_id, note.company_id, actor.user_id, {{"noteId", note.id}}});
}

}  // namespace

std::vector<Note> list(sql::Connection& conn, std::string_view company_id) {
  std::vector<Note> out;
  for (const auto& r :
       conn.query(select_notes() + " WHERE n.company_id = ? ORDER BY n.created_at, n.id",
                  company_id)
           .rows)
    out.push_back(row_to_note(r));
  return out;
}

Note add(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
         std::string_view company_id, std::string_view body,
         const std::optional<std::string>& lead_id) {
  const std::string text = validate::required(kBody, std::string(body));
  if (lead_id &&
      conn.query("SELECT id FROM leads WHERE id = ? AND company_id = ?", *lead_id, company_id)
          .empty())
    throw Error::invalid("leadId must be a lead of this company");
  const std::string id = rt.new_id();
  const TimeMs now = rt.now();
  conn.query(
      "INSERT INTO notes (id, company_id, lead_id, author_id, body, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, company_id, lead_id, actor.user_id, text, now, now);
  Note note = load(conn, id);
  log(conn, rt, actor, "note_added", note);
  return note;
}

Note update(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
            std::string_view company_id, std::string_view note_id, std::string_view body) {
  Note note = require_own(conn, actor, company_id, note_id);
  note.body = validate::required(kBody, std::string(body));
  note.updated_at = rt.now();
  conn.query("UPDATE notes SET body = ?, updated_at = ? WHERE id = ?", note.body, note.updated_at,
             note.id);
  log(conn, rt, actor, "note_edited", note);
  return note;
}

void remove(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
            std::string_view company_id, std::string_view note_id) {
  const Note note = require_own(conn, actor, company_id, note_id);
  conn.query("DELETE FROM notes WHERE id = ?", note.id);
  log(conn, rt, actor, "note_deleted", note);
}

}  // namespace crm::note_store
