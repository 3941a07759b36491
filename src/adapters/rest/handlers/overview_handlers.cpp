// GET /api/activities, /api/pipeline, /api/dashboard.
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/activity.hpp"
#include "crm/pipeline.hpp"

namespace crm::rest::handlers {
namespace {

// An empty query value ("?leadId=") reads as no filter.
std::optional<std::string> nonempty_query(const Context& ctx, std::string_view key) {
  auto v = ctx.query(key);
  if (v && v->empty()) return std::nullopt;
  return v;
}

json::object pipeline_card(const PipelineCard& card) {
  json::object out = codec::lead(card.lead);
  out["contactName"] = card.contact_name;
  out["companyName"] = opt_value(card.company_name);
  return out;
}

json::object stage_snapshot(const StageSnapshot& s) {
  return {{"stage", to_string(s.stage)}, {"count", s.count}, {"revenue", money(s.revenue)}};
}

json::object pipeline_column(const PipelineColumn& c) {
  return {{"stage", to_string(c.stage)},
          {"count", c.count},
          {"revenue", money(c.revenue)},
          {"leads", to_array(c.leads, pipeline_card)}};
}

json::object task_summary(const TaskSummaryCounts& t) {
  return {{"overdue", t.overdue},
          {"dueToday", t.due_today},
          {"upcoming", t.upcoming},
          {"completedToday", t.completed_today},
          {"next", to_array(t.next, codec::task)}};
}

}  // namespace

Response list_activities(Context& ctx) {
  ActivityQuery q;
  q.lead_id = nonempty_query(ctx, "leadId");
  q.company_id = nonempty_query(ctx, "companyId");
  q.page = ctx.page();
  const Page<Activity> page = ctx.engine().activities().list(ctx.actor(), q);
  return paged(to_array(page.items, codec::activity), page.info);
}

Response get_pipeline(Context& ctx) {
  const Pipeline p = ctx.engine().pipeline().pipeline(ctx.actor());
  return data(json::object{
      {"stages", to_array(p.stages, pipeline_column)},
      {"totals", json::object{{"count", p.total_count}, {"revenue", money(p.total_revenue)}}}});
}

Response get_dashboard(Context& ctx) {
  const Dashboard d = ctx.engine().pipeline().dashboard(ctx.actor());
  return data(
      json::object{{"tasks", task_summary(d.tasks)},
                   {"pipeline", to_array(d.pipeline, stage_snapshot)},
                   {"mtdRevenue", money(d.mtd_revenue)},
                   {"recentPositiveReplies", to_array(d.recent_positive_replies, codec::activity)},
                   {"generatedAt", iso(d.generated_at)}});
}

}  // namespace crm::rest::handlers
