// PipelineService::dashboard: the home-screen rollup, cached 60 s per visibility scope.
#include "core/lists/list_counts.hpp"
#include "core/overview/activity_query.hpp"
#include "core/overview/pipeline_query.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/pipeline.hpp"

namespace crm {
namespace {

constexpr int kNextTasks = 10;
constexpr int kRecentPositiveReplies = 10;

TimeMs start_of_day_utc(TimeMs t) {
  const TimeMs into_day = ((t % kDayMs) + kDayMs) % kDayMs;
  return t - into_day;
}

std::string cache_scope(const Actor& actor) {
  return actor.is_admin() ? std::string("admin") : "rep:" + actor.user_id;
}

// Open tasks fall in exactly one of overdue (due before today), dueToday, upcoming (due after
// today); undated open tasks are in none. A REP counts the tasks assigned to them, an ADMIN all.
TaskSummaryCounts task_summary(sql::Connection& conn, const Actor& actor, TimeMs now) {
  const TimeMs today = start_of_day_utc(now);
  const TimeMs tomorrow = today + kDayMs;
  // A rep's tasks, or (admin) every task: two statement texts rather than a runtime switch.
  const std::string mine = actor.is_admin() ? "1 = 1" : "t.assigned_to_id = ?";
  const auto with_actor = [&](std::vector<sql::Value> params) {
    if (!actor.is_admin()) params.emplace_back(actor.user_id);
    return params;
  };
  TaskSummaryCounts out;
  const auto counts = conn.run(
      "SELECT COALESCE(SUM(CASE WHEN t.is_completed = 0 AND t.due_at < ? THEN 1 ELSE 0 END), 0)"
      " AS overdue,"
      " COALESCE(SUM(CASE WHEN t.is_completed = 0 AND t.due_at >= ? AND t.due_at < ?"
      " THEN 1 ELSE 0 END), 0) AS due_today,"
      " COALESCE(SUM(CASE WHEN t.is_completed = 0 AND t.due_at >= ? THEN 1 ELSE 0 END), 0)"
      " AS upcoming,"
      " COALESCE(SUM(CASE WHEN t.is_completed = 1 AND t.completed_at >= ? AND t.completed_at < ?"
      " THEN 1 ELSE 0 END), 0) AS completed_today"
      " FROM tasks t WHERE " +
          mine,
      with_actor({today, today, tomorrow, tomorrow, today, tomorrow}));
  const auto& r = counts.first();
  out.overdue = r.integer("overdue");
  out.due_today = r.integer("due_today");
  out.upcoming = r.integer("upcoming");
  out.completed_today = r.integer("completed_today");
  std::vector<sql::Value> next_params = with_actor({});
  next_params.emplace_back(std::int64_t{kNextTasks});
  const auto next = conn.run("SELECT " + rows::task_columns("t", "") +
                                 " FROM tasks t WHERE t.is_completed = 0 AND " + mine +
                                 " ORDER BY " + rows::task_order("t") + ", t.id LIMIT ?",
                             next_params);
  for (const auto& row : next.rows) out.next.push_back(rows::row_to_task(row, ""));
  return out;
}

// Payments received since the start of the UTC month on invoices of companies the actor sees.
// Payments received this UTC month on invoices of companies the actor sees, from the
// maintained per-month sums.
Cents month_to_date_revenue(sql::Connection& conn, const Actor& actor, TimeMs now) {
  const std::string month = format_iso(now).substr(0, 7);  // "YYYY-MM"
  return lists::bucket_total(conn, "payments", lists::company_scopes(actor), month).revenue;
}

Dashboard compute_dashboard(sql::Connection& conn, const Actor& actor, TimeMs now) {
  Dashboard d;
  d.tasks = task_summary(conn, actor, now);
  for (const StageSnapshot& snap : overview::pipeline_stage_totals(conn, actor))
    if (is_open_stage(snap.stage)) d.pipeline.push_back(snap);
  d.mtd_revenue = month_to_date_revenue(conn, actor, now);
  d.recent_positive_replies = overview::select_visible_activities(
      conn, actor, {std::nullopt, std::nullopt, std::string("positive_reply_received")},
      kRecentPositiveReplies, 0);
  d.generated_at = now;
  return d;
}

}  // namespace

Dashboard PipelineService::dashboard(const Actor& actor) {
  const std::string scope = cache_scope(actor);
  if (auto cached = rt_.dashboard_cache.get(scope, rt_.now())) return std::move(*cached);
  // Read before computing: a write that lands meanwhile invalidates, and put() then drops
  // this possibly stale value instead of caching it.
  const std::uint64_t generation = rt_.dashboard_cache.generation();
  const TimeMs now = rt_.now();
  Dashboard d;
  {
    auto tx = rt_.db->read();
    d = compute_dashboard(tx->connection(), actor, now);
  }
  rt_.dashboard_cache.put(scope, d, now, generation);
  return d;
}

}  // namespace crm
