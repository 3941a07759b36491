// TagService on a lead: applying and removing tags with their side effects (DOMAIN.md §7). The
// pure rule (tag_rule) says what to do; this file does it, in one write transaction per call.
#include <variant>

#include "core/activity/activity_log.hpp"
#include "core/jobs/outbox.hpp"
#include "core/leads/lead_relations.hpp"
#include "core/leads/lead_score_store.hpp"
#include "core/leads/lead_store.hpp"
#include "core/leads/stage_change.hpp"
#include "core/runtime.hpp"
#include "core/sequences/run_ops.hpp"
#include "core/sequences/sequence_store.hpp"
#include "core/tags/tag_rule.hpp"
#include "core/tags/tag_store.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/tags.hpp"

namespace crm {
namespace {

constexpr std::string_view kTagSlug = "tagSlug";

Tag require_tag(sql::Connection& conn, std::string_view slug) {
  auto tag = tag_store::find_by_slug(conn, slug);
  if (!tag) throw Error::not_found("Tag not found");
  return *tag;
}

std::vector<tag_rule::OpenRun> open_runs(sql::Connection& conn, const std::string& lead_id) {
  return conn
      .query(
          "SELECT r.id AS id, r.tag_slug AS tag_slug, t.category AS category FROM sequence_runs r "
          "LEFT JOIN tags t ON t.slug = r.tag_slug WHERE r.lead_id = ? AND r.status IN "
          "('ACTIVE', 'PAUSED') ORDER BY r.started_at, r.id",
          lead_id)
      .map([](const sql::Row& r) {
        return tag_rule::OpenRun{
            r.text("id"), r.text("tag_slug"),
            parse_tag_category(r.opt_text("category").value_or("")).value_or(TagCategory::kCustom)};
      });
}

std::vector<tag_rule::ActiveTag> other_active_tags(sql::Connection& conn,
                                                   const std::string& lead_id,
                                                   const std::string& except_tag_id) {
  return conn
      .query(
          "SELECT t.slug AS slug, t.category AS category FROM lead_tags lt JOIN tags t ON t.id = "
          "lt.tag_id WHERE lt.lead_id = ? AND lt.removed_at IS NULL AND lt.tag_id <> ? "
          "ORDER BY lt.applied_at, t.slug",
          lead_id, except_tag_id)
      .map([](const sql::Row& r) {
        return tag_rule::ActiveTag{
            r.text("slug"), parse_tag_category(r.text("category")).value_or(TagCategory::kCustom)};
      });
}

// Carries out the effects of tag_rule in order, inside one write transaction.
class EffectRunner {
 public:
  EffectRunner(sql::Transaction& tx, detail::Runtime& rt, const Actor& actor, const Lead& lead,
               const Tag& tag, std::string lead_tag_id)
      : tx_(tx),
        conn_(tx.connection()),
        rt_(rt),
        actor_(actor),
        lead_(lead),
        tag_(tag),
        lead_tag_id_(std::move(lead_tag_id)) {}

  void run(const std::vector<tag_rule::Effect>& effects) {
    for (const auto& effect : effects) std::visit(*this, effect);
  }

  const std::optional<SequenceRunSummary>& started() const { return started_; }

  void operator()(const tag_rule::LogTagApplied&) {
    log("tag_applied", {{"tagId", tag_.id},
                        {"tagSlug", tag_.slug},
                        {"tagName", tag_.name},
                        {"category", to_string(tag_.category)}});
  }

  void operator()(const tag_rule::SetCompanyIcp& e) {
    conn_.query("UPDATE companies SET icp_tag = ?, business_label = ?, updated_at = ? WHERE id = ?",
                e.icp_tag, e.business_label, rt_.now(), *lead_.company_id);
    // The ICP tag is part of the fit of every lead of the company.
    for (const auto& r :
         conn_.query("SELECT id FROM leads WHERE company_id = ?", *lead_.company_id).rows)
      lead_score::refresh_fit(conn_, rt_, r.text("id"));
  }

  void operator()(const tag_rule::CancelRun& e) {
    const auto run =
        conn_.query("SELECT tag_slug, current_step FROM sequence_runs WHERE id = ?", e.run_id);
    if (run.empty()) return;
    run_ops::end(conn_, rt_, {e.run_id, lead_.id, lead_.company_id, run.first().text("tag_slug")},
                 RunStatus::kCanceled, e.end_reason, actor_.user_id,
                 static_cast<int>(run.first().integer("current_step")));
  }

  void operator()(const tag_rule::RemoveTag& e) {
    const auto removed = conn_.query(
        "UPDATE lead_tags SET removed_at = ?, removed_by_id = ? WHERE lead_id = ? AND removed_at "
        "IS NULL AND tag_id = (SELECT id FROM tags WHERE slug = ?)",
        rt_.now(), actor_.user_id, lead_.id, e.slug);
    if (removed.changes > 0) log("tag_removed", {{"tagSlug", e.slug}, {"reason", e.reason}});
  }

  void operator()(const tag_rule::PlusVibe& e) {
    const bool stop = e.kind == tag_rule::PlusVibe::Kind::kStop;
    // Handled with the PlusVibe integration; until then the job waits in the queue, visibly.
    jobs::enqueue(
        tx_, rt_,
        {stop ? "plusvibe.stop-lead" : "plusvibe.pause-lead",
         boost::json::object{{"leadId", lead_.id}, {"tagSlug", tag_.slug}},
         std::string(stop ? "plusvibe-stop:" : "plusvibe-pause:") + lead_tag_id_, std::nullopt});
  }

  void operator()(const tag_rule::SetDnc& e) {
    if (e.value)
      conn_.query("UPDATE leads SET is_dnc = 1, updated_at = ? WHERE id = ?", rt_.now(), lead_.id);
    else
      conn_.query("UPDATE leads SET is_dnc = 0, lost_reason = NULL, updated_at = ? WHERE id = ?",
                  rt_.now(), lead_.id);
  }

  void operator()(const tag_rule::ChangeStage& e) {
    const auto current = lead_store::find(conn_, lead_.id);
    if (current) change_lead_stage(conn_, rt_, *current, e.to, actor_.user_id, e.reason);
  }

  void operator()(const tag_rule::StartRun&) {
    const auto def = sequence_store::find_definition(conn_, tag_.slug);
    const auto lead = run_ops::load_lead(conn_, lead_.id);
    if (def && lead) started_ = run_ops::start(tx_, rt_, *def, *lead, actor_.user_id);
  }

  void operator()(const tag_rule::BumpEngagement& e) {
    lead_score::refresh_fit(conn_, rt_, lead_.id, e.points);
  }

  void operator()(const tag_rule::LogTagRemoved&) {
    log("tag_removed", {{"tagId", tag_.id}, {"tagSlug", tag_.slug}});
  }

 private:
  void log(std::string type, boost::json::object data) {
    activity::append(
        conn_, rt_, {std::move(type), lead_.id, lead_.company_id, actor_.user_id, std::move(data)});
  }

  sql::Transaction& tx_;
  sql::Connection& conn_;
  detail::Runtime& rt_;
  const Actor& actor_;
  const Lead& lead_;
  const Tag& tag_;
  std::string lead_tag_id_;
  std::optional<SequenceRunSummary> started_;
};

bool has_active_sequence(sql::Connection& conn, std::string_view slug) {
  const auto def = sequence_store::find_definition(conn, slug);
  return def && def->is_active && !def->steps.empty();
}

}  // namespace

std::vector<TagSummary> TagService::lead_tags(const Actor& actor, std::string_view lead_id) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  const Lead lead = lead_store::require_visible(conn, actor, lead_id);
  return lead_relations::active_tags(conn, lead.id);
}

LeadTagsResult TagService::apply(const Actor& actor, std::string_view lead_id,
                                 std::string_view tag_slug) {
  const std::string slug =
      validate::required(validate::line_field(kTagSlug), std::string(tag_slug));
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    // The lead's row lock orders concurrent applications to one lead.
    const Lead lead = lead_store::require_visible(conn, actor, lead_id, sql::Lock::kForUpdate);
    const Tag tag = require_tag(conn, slug);
    if (!tag.is_active) throw Error::invalid("Tag is not active");

    const std::string lead_tag_id = rt_.new_id();
    // "Already active" is the partial unique index lead_tags_one_active's to decide.
    const bool inserted =
        conn.query(
                "INSERT INTO lead_tags (id, lead_id, tag_id, applied_by_id, applied_at) VALUES "
                "(?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                lead_tag_id, lead.id, tag.id, actor.user_id, rt_.now())
            .changes > 0;

    tag_rule::ApplyFacts facts;
    facts.tag = {tag.slug, tag.name, tag.category};
    facts.lead = {lead.company_id.has_value(), lead.stage, lead.is_dnc};
    facts.already_active = !inserted;
    if (inserted) {
      facts.active_tags = other_active_tags(conn, lead.id, tag.id);
      facts.open_runs = open_runs(conn, lead.id);
      facts.has_active_sequence = has_active_sequence(conn, tag.slug);
    }
    EffectRunner runner(tx, rt_, actor, lead, tag, lead_tag_id);
    runner.run(tag_rule::apply(facts));
    if (inserted) rt_.invalidate_dashboard_on_commit(tx);
    return LeadTagsResult{lead_relations::active_tags(conn, lead.id), runner.started(), inserted};
  });
}

std::vector<TagSummary> TagService::remove_from_lead(const Actor& actor, std::string_view lead_id,
                                                     std::string_view tag_slug) {
  const std::string slug =
      validate::required(validate::line_field(kTagSlug), std::string(tag_slug));
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const Lead lead = lead_store::require_visible(conn, actor, lead_id, sql::Lock::kForUpdate);
    const Tag tag = require_tag(conn, slug);
    const auto removed = conn.query(
        "UPDATE lead_tags SET removed_at = ?, removed_by_id = ? WHERE lead_id = ? AND tag_id = ? "
        "AND removed_at IS NULL",
        rt_.now(), actor.user_id, lead.id, tag.id);
    if (removed.changes == 0) throw Error::not_found("Tag is not active on this lead");
    EffectRunner runner(tx, rt_, actor, lead, tag, "");
    runner.run(tag_rule::remove({{tag.slug, tag.name, tag.category}, open_runs(conn, lead.id)}));
    rt_.invalidate_dashboard_on_commit(tx);
    return lead_relations::active_tags(conn, lead.id);
  });
}

}  // namespace crm
