#include "core/sequences/sequence_store.hpp"

#include "core/records/row_reader.hpp"
#include "core/sequences/definition_rules.hpp"

namespace crm::sequence_store {

std::optional<SequenceDefinition> find_definition(sql::Connection& conn,
                                                  std::string_view tag_slug) {
  const auto res = conn.query(
      "SELECT id, tag_slug, name, description, is_active, steps, send_window, created_at, "
      "updated_at FROM sequences WHERE tag_slug = ?",
      tag_slug);
  if (res.empty()) return std::nullopt;
  const auto& r = res.first();
  SequenceDefinition d;
  d.id = r.text("id");
  d.tag_slug = r.text("tag_slug");
  d.name = r.text("name");
  d.description = r.opt_text("description");
  d.is_active = r.boolean("is_active");
  d.steps = sequence_rules::steps_from_stored(r.text("steps"));
  d.send_window = sequence_rules::window_from_stored(r.opt_text("send_window").value_or(""));
  d.created_at = r.integer("created_at");
  d.updated_at = r.integer("updated_at");
  return d;
}

std::string run_columns(std::string_view a, std::string_view p) {
  return rows::select_list(
      a, p,
      {"id", "lead_id", "tag_slug", "status", "current_step", "next_run_at", "started_at",
       "ended_at", "cancel_reason", "end_reason", "last_error", "step_attempts"});
}

SequenceRun row_to_run(const sql::Row& row, std::string_view p) {
  const rows::Reader r{row, p};
  SequenceRun run;
  run.id = r.text("id");
  run.lead_id = r.text("lead_id");
  run.tag_slug = r.text("tag_slug");
  run.status = parse_run_status(r.text("status")).value_or(RunStatus::kCanceled);
  run.current_step = static_cast<int>(r.integer("current_step"));
  run.next_run_at = r.opt_int("next_run_at");
  run.started_at = r.integer("started_at");
  run.ended_at = r.opt_int("ended_at");
  run.cancel_reason = r.opt("cancel_reason");
  run.end_reason = r.opt("end_reason");
  run.last_error = r.opt("last_error");
  run.step_attempts = static_cast<int>(r.integer("step_attempts"));
  return run;
}

std::optional<SequenceRun> find_run(sql::Connection& conn, std::string_view run_id,
                                    sql::Lock lock) {
  const auto res =
      conn.query("SELECT " + run_columns("r", "") + " FROM sequence_runs r WHERE r.id = ?" +
                     conn.lock_clause(lock, "r"),
                 run_id);
  if (res.empty()) return std::nullopt;
  return row_to_run(res.first(), "");
}

}  // namespace crm::sequence_store
