// SequenceService: definitions (DOMAIN.md §8) and the runs of leads the caller can see.
#include <boost/json/serialize.hpp>

#include "core/activity/activity_log.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/sequences/definition_rules.hpp"
#include "core/sequences/lead_clock.hpp"
#include "core/sequences/run_ops.hpp"
#include "core/sequences/sequence_store.hpp"
#include "core/tags/tag_store.hpp"
#include "core/templates/template_store.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/sequences.hpp"

namespace crm {
namespace {

constexpr auto kName = validate::line_field("name");
constexpr auto kDescription = validate::multi_line_field("description");
constexpr int kActiveRunsShown = 10;

SequenceDefinition require_definition(sql::Connection& conn, std::string_view slug) {
  auto def = sequence_store::find_definition(conn, slug);
  if (!def) throw Error::not_found("Sequence not found");
  return *def;
}

std::int64_t count_active(sql::Connection& conn, std::string_view slug) {
  return conn
      .query("SELECT COUNT(*) AS n FROM sequence_runs WHERE tag_slug = ? AND status = 'ACTIVE'",
             slug)
      .first()
      .integer("n");
}

// "SELECT <run view> FROM sequence_runs r JOIN leads l ... LEFT JOIN companies c" for
// row_to_view.
std::string view_select() {
  return "SELECT " + sequence_store::run_columns("r", "r_") +
         ", l.stage AS l_stage, l.is_dnc AS l_is_dnc, l.owner_id AS l_owner_id, " +
         rows::contact_columns("ct", "ct_") + ", " + rows::company_summary_columns("c", "c_") +
         " FROM sequence_runs r JOIN leads l ON l.id = r.lead_id JOIN contacts ct ON ct.id = "
         "l.contact_id LEFT JOIN companies c ON c.id = l.company_id";
}

SequenceRunView row_to_view(const sql::Row& r) {
  SequenceRunView v;
  v.run = sequence_store::row_to_run(r, "r_");
  v.lead = {v.run.lead_id, parse_lead_stage(r.text("l_stage")).value_or(LeadStage::kNewLead),
            r.boolean("l_is_dnc"), r.opt_text("l_owner_id")};
  v.contact = rows::row_to_contact(r, "ct_");
  if (!r.is_null("c_id")) v.company = rows::row_to_company_summary(r, "c_");
  return v;
}

// The open run `id` of a lead the actor can see, locked when `lock`.
SequenceRunView require_run(sql::Connection& conn, const Actor& actor, std::string_view id,
                            sql::Lock lock = sql::Lock::kNone) {
  std::vector<sql::Value> params{std::string(id)};
  const std::string visible =
      visibility::optional_company_condition(actor, "l.company_id", "c", params);
  const auto res = conn.run(
      view_select() + " WHERE r.id = ? AND " + visible + conn.lock_clause(lock, "r"), params);
  if (res.empty()) throw Error::not_found("Sequence run not found");
  return row_to_view(res.first());
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
  return out;
}

}  // namespace

SequenceService::SequenceService(detail::Runtime& rt) : rt_(rt) {}

std::vector<SequenceDefinition> SequenceService::list() {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  std::vector<SequenceDefinition> out;
  for (const auto& r : conn.query("SELECT tag_slug FROM sequences ORDER BY tag_slug").rows) {
    SequenceDefinition d = require_definition(conn, r.text("tag_slug"));
    d.active_runs = count_active(conn, d.tag_slug);
    out.push_back(std::move(d));
  }
  return out;
}

SequenceDefinition SequenceService::get(std::string_view tag_slug) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  SequenceDefinition d = require_definition(conn, tag_slug);
  d.active_runs = count_active(conn, d.tag_slug);
  return d;
}

SequenceDefinition SequenceService::update(const Actor& actor, std::string_view tag_slug,
                                           const SequencePatch& patch) {
  visibility::require_admin(actor);
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    auto current = sequence_store::find_definition(conn, tag_slug);
    const bool exists = current.has_value();
    if (!exists) {
      const auto tag = tag_store::find_by_slug(conn, tag_slug);
      if (!tag) throw Error::not_found("Sequence not found");
      current = SequenceDefinition{};
      current->id = rt_.new_id();
      current->tag_slug = tag->slug;
      current->name = tag->name;
      current->is_active = false;  // until it has steps and is switched on
      current->created_at = rt_.now();
    }
    SequenceDefinition d = std::move(*current);
    std::vector<std::string> problems;
    try {
      if (patch.name) d.name = validate::required(kName, patch.name);
      validate::apply(kDescription, patch.description, d.description);
    } catch (const Error& e) {
      problems.push_back(e.what());
    }
    if (patch.is_active) d.is_active = *patch.is_active;
    if (patch.steps_json) {
      auto parsed = sequence_rules::parse_steps(*patch.steps_json, [&](std::string_view slug) {
        const auto t = template_store::find_by_slug(conn, slug);
        return t ? std::optional(sequence_rules::TemplateFacts{t->channel, t->is_active})
                 : std::nullopt;
      });
      problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
      d.steps = std::move(parsed.steps);
    }
    if (patch.send_window_json) {
      if (*patch.send_window_json) {
        auto parsed = sequence_rules::parse_window(**patch.send_window_json);
        problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
        d.send_window = parsed.window;
      } else {
        d.send_window.reset();
      }
    }
    if (d.is_active && d.steps.empty() && problems.empty())
      problems.push_back("steps must hold at least one step for an active sequence");
    if (!problems.empty()) throw Error::invalid("Invalid sequence definition: " + join(problems));

    d.updated_at = rt_.now();
    const std::string steps = boost::json::serialize(sequence_rules::steps_to_json(d.steps));
    const auto window = sequence_rules::window_to_json(d.send_window);
    const std::optional<std::string> window_text =
        window.is_null() ? std::nullopt : std::optional(boost::json::serialize(window));
    if (exists)
      conn.query(
          "UPDATE sequences SET name = ?, description = ?, is_active = ?, steps = ?, "
          "send_window = ?, updated_at = ? WHERE id = ?",
          d.name, d.description, d.is_active, steps, window_text, d.updated_at, d.id);
    else
      conn.query(
          "INSERT INTO sequences (id, tag_slug, name, description, is_active, steps, send_window, "
          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          d.id, d.tag_slug, d.name, d.description, d.is_active, steps, window_text, d.created_at,
          d.updated_at);
    d.active_runs = count_active(conn, d.tag_slug);
    return d;
  });
}

std::vector<SequenceRunView> SequenceService::active_runs(const Actor& actor,
                                                          std::string_view tag_slug) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  require_definition(conn, tag_slug);
  std::vector<sql::Value> params{std::string(tag_slug)};
  const std::string visible =
      visibility::optional_company_condition(actor, "l.company_id", "c", params);
  params.emplace_back(std::int64_t{kActiveRunsShown});
  return conn
      .run(view_select() + " WHERE r.tag_slug = ? AND r.status = 'ACTIVE' AND " + visible +
               " ORDER BY r.started_at, r.id LIMIT ?",
           params)
      .map(row_to_view);
}

Page<SequenceRunView> SequenceService::list_runs(const Actor& actor, const RunQuery& q) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  std::vector<sql::Value> params;
  std::string where =
      " WHERE " + visibility::optional_company_condition(actor, "l.company_id", "c", params);
  if (q.status) {
    where += " AND r.status = ?";
    params.emplace_back(std::string(to_string(*q.status)));
  }
  if (q.tag_slug) {
    where += " AND r.tag_slug = ?";
    params.emplace_back(*q.tag_slug);
  }
  if (q.lead_id) {
    where += " AND r.lead_id = ?";
    params.emplace_back(*q.lead_id);
  }
  const std::int64_t total =
      conn.run(
              "SELECT COUNT(*) AS n FROM sequence_runs r JOIN leads l ON l.id = r.lead_id "
              "LEFT JOIN companies c ON c.id = l.company_id" +
                  where,
              params)
          .first()
          .integer("n");
  params.emplace_back(std::int64_t{q.page.limit});
  params.emplace_back(q.page.offset());
  Page<SequenceRunView> page;
  page.items =
      conn.run(view_select() + where + " ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?",
               params)
          .map(row_to_view);
  page.info = make_page_info(q.page, total);
  return page;
}

SequenceRunDetail SequenceService::get_run(const Actor& actor, std::string_view run_id) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  SequenceRunDetail d;
  d.view = require_run(conn, actor, run_id);
  const auto clock = lead_clock::load(conn, rt_.secrets, d.view.run.lead_id);
  d.time_zone = clock.zone_name;
  const SequenceRun& run = d.view.run;
  if (run.status != RunStatus::kActive || !run.next_run_at) return d;
  const auto def = sequence_store::find_definition(conn, run.tag_slug);
  const auto lead = run_ops::load_lead(conn, run.lead_id);
  if (!def || !lead) return d;
  const auto started_by = conn.query("SELECT started_by_id FROM sequence_runs WHERE id = ?", run.id)
                              .first()
                              .opt_text("started_by_id");
  const auto owner = run_ops::run_owner(*lead, started_by);
  const TimeMs now = rt_.now();
  d.planned_steps =
      planner::preview(*def, run.current_step, std::max(*run.next_run_at, now), now,
                       clock.recipient, run_ops::channels(*lead),
                       run_ops::throttle_for(conn, rt_, SequenceAction::kSendSms, owner, now),
                       run_ops::throttle_for(conn, rt_, SequenceAction::kSendEmail, owner, now));
  return d;
}

SequenceRun SequenceService::cancel_run(const Actor& actor, std::string_view run_id) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const SequenceRunView v = require_run(conn, actor, run_id, sql::Lock::kForUpdate);
    if (v.run.status != RunStatus::kActive && v.run.status != RunStatus::kPaused)
      throw Error::invalid("Sequence run is not active");
    const std::optional<std::string> company_id =
        v.company ? std::optional(v.company->id) : std::nullopt;
    run_ops::end(conn, rt_, {v.run.id, v.run.lead_id, company_id, v.run.tag_slug},
                 RunStatus::kCanceled, "manual", actor.user_id, v.run.current_step);
    const auto removed = conn.query(
        "UPDATE lead_tags SET removed_at = ?, removed_by_id = ? WHERE lead_id = ? AND removed_at "
        "IS NULL AND tag_id = (SELECT id FROM tags WHERE slug = ?)",
        rt_.now(), actor.user_id, v.run.lead_id, v.run.tag_slug);
    if (removed.changes > 0)
      activity::append(conn, rt_,
                       {"tag_removed",
                        v.run.lead_id,
                        company_id,
                        actor.user_id,
                        {{"tagSlug", v.run.tag_slug}, {"reason", "sequence run canceled"}}});
    activity::append(conn, rt_,
                     {"sequence_run_canceled_manual",
                      v.run.lead_id,
                      company_id,
                      actor.user_id,
                      {{"runId", v.run.id}, {"tagSlug", v.run.tag_slug}}});
    rt_.invalidate_dashboard_on_commit(tx);
    return *sequence_store::find_run(conn, v.run.id);
  });
}

int SequenceService::pause_lead_runs(std::string_view lead_id, std::string_view reason) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const auto lead = conn.query("SELECT company_id FROM leads WHERE id = ?", lead_id);
    if (lead.empty()) throw Error::not_found("Lead not found");
    const auto company_id = lead.first().opt_text("company_id");
    const auto paused = conn.query(
        "UPDATE sequence_runs SET status = 'PAUSED', end_reason = ?, next_run_at = NULL, "
        "updated_at = ? WHERE lead_id = ? AND status = 'ACTIVE' RETURNING id, tag_slug, "
        "current_step",
        reason, rt_.now(), lead_id);
    for (const auto& r : paused.rows)
      activity::append(conn, rt_,
                       {"sequence_paused",
                        std::string(lead_id),
                        company_id,
                        std::nullopt,
                        {{"runId", r.text("id")},
                         {"tagSlug", r.text("tag_slug")},
                         {"stepNumber", r.integer("current_step")},
                         {"endReason", reason}}});
    return static_cast<int>(paused.rows.size());
  });
}

}  // namespace crm
