// /api/tasks*.
#include "adapters/rest/codecs/automation_codecs.hpp"
#include "adapters/rest/handlers/automation_handlers.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/error.hpp"
#include "crm/tasks.hpp"

namespace crm::rest::handlers {
namespace {

// ?completed=true|false; absent: both.
std::optional<bool> query_completed(const Context& ctx) {
  const auto v = query_text(ctx, "completed");
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw Error::invalid("completed must be true or false");
}

}  // namespace

Response list_tasks(Context& ctx) {
  TaskQuery q;
  q.completed = query_completed(ctx);
  q.priority = query_text(ctx, "priority");
  q.task_type = query_text(ctx, "type");
  q.lead_id = query_text(ctx, "leadId");
  q.mine = ctx.query_flag("mine");
  q.page = ctx.page();
  const auto page = ctx.engine().tasks().list(ctx.actor(), q);
  return paged(to_array(page.items, codec::task_view), page.info);
}

Response create_task(Context& ctx) {
  const auto& body = ctx.body();
  NewTask in;
  in.lead_id = opt_string(body, "leadId");
  in.company_id = opt_string(body, "companyId");
  if (has_key(body, "title")) in.title = opt_string(body, "title").value_or("");
  in.description = opt_string(body, "description");
  in.task_type = opt_string(body, "taskType");
  in.priority = opt_string(body, "priority");
  if (auto due = nullable_time(body, "dueAt")) in.due_at = *due;
  in.duration_min = opt_int(body, "durationMin");
  opt_bool(body, "pushToCalendar");  // checked; calendar pushes arrive with the Google work
  return data(codec::task_view(ctx.engine().tasks().create(ctx.actor(), in)), 201);
}

Response get_task(Context& ctx) {
  return data(codec::task_view(ctx.engine().tasks().get(ctx.actor(), ctx.param("id"))));
}

Response update_task(Context& ctx) {
  const auto& body = ctx.body();
  TaskUpdate u;
  if (has_key(body, "title")) u.title = opt_string(body, "title").value_or("");
  u.description = nullable_string(body, "description");
  u.task_type = opt_string(body, "taskType");
  u.priority = opt_string(body, "priority");
  u.due_at = nullable_time(body, "dueAt");
  u.duration_min = opt_int(body, "durationMin");
  u.is_completed = opt_bool(body, "isCompleted");
  return data(codec::task_view(ctx.engine().tasks().update(ctx.actor(), ctx.param("id"), u)));
}

Response delete_task(Context& ctx) {
  ctx.engine().tasks().remove(ctx.actor(), ctx.param("id"));
  return json_response(200, json::object{{"success", true}});
}

}  // namespace crm::rest::handlers
