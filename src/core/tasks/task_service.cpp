// TaskService (DOMAIN.md §9): a REP sees and changes the tasks assigned to them, an ADMIN all.
#include "core/activity/activity_log.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/storage/assignments.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/tasks.hpp"

namespace crm {
namespace {

constexpr auto kTitle = validate::line_field("title");
constexpr auto kDescription = validate::multi_line_field("description");
constexpr auto kLeadId = validate::line_field("leadId");
constexpr auto kCompanyId = validate::line_field("companyId");
constexpr validate::CountField kDurationMin{"durationMin", 1, 24 * 60};
constexpr int kDefaultDurationMin = 30;

std::string checked_type(const std::string& type) {
  if (!is_task_type(type)) throw Error::invalid("Invalid taskType");
  return type;
}

std::string checked_priority(const std::string& priority) {
  if (!is_task_priority(priority)) throw Error::invalid("Invalid priority");
  return priority;
}

std::string view_select() {
  return "SELECT " + rows::task_columns("t", "") +
         ", l.stage AS l_stage, l.contact_id AS l_contact_id, ct.full_name AS l_contact_name, " +
         rows::company_summary_columns("c", "c_") + ", " + rows::user_summary_columns("u", "u_") +
         " FROM tasks t LEFT JOIN leads l ON l.id = t.lead_id LEFT JOIN contacts ct ON ct.id = "
         "l.contact_id LEFT JOIN companies c ON c.id = t.company_id LEFT JOIN users u ON u.id = "
         "t.assigned_to_id";
}

TaskView row_to_view(const sql::Row& r) {
  TaskView v;
  v.task = rows::row_to_task(r, "");
  if (v.task.lead_id && !r.is_null("l_stage"))
    v.lead =
        TaskLead{*v.task.lead_id, parse_lead_stage(r.text("l_stage")).value_or(LeadStage::kNewLead),
                 r.text("l_contact_id"), r.text("l_contact_name")};
  if (!r.is_null("c_id")) v.company = rows::row_to_company_summary(r, "c_");
  v.assigned_to = rows::row_to_user_summary(r, "u_");
  return v;
}

// "Whose tasks": a REP only their own, an ADMIN all (or their own with `mine`).
std::string owner_condition(const Actor& actor, bool mine, std::vector<sql::Value>& params) {
  return visibility::task_condition(mine ? Actor{actor.user_id, Role::kRep} : actor, "t", params);
}

TaskView require_task(sql::Connection& conn, const Actor& actor, std::string_view id,
                      sql::Lock lock = sql::Lock::kNone) {
  std::vector<sql::Value> params{std::string(id)};
  const std::string mine = owner_condition(actor, false, params);
  const auto res =
      conn.run(view_select() + " WHERE t.id = ? AND " + mine + conn.lock_clause(lock, "t"), params);
  if (res.empty()) throw Error::not_found("Task not found");
  return row_to_view(res.first());
}

void log_task(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
              std::string type, const Task& t) {
  if (!t.lead_id) return;
  activity::append(conn, rt,
                   {std::move(type),
                    t.lead_id,
                    t.company_id,
                    actor.user_id,
                    {{"taskId", t.id}, {"title", t.title}}});
}

}  // namespace

TaskService::TaskService(detail::Runtime& rt) : rt_(rt) {}

Page<TaskView> TaskService::list(const Actor& actor, const TaskQuery& q) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  std::vector<sql::Value> params;
  std::string where = " WHERE " + owner_condition(actor, q.mine, params);
  if (q.completed) {
    where += " AND t.is_completed = ?";
    params.emplace_back(std::int64_t{*q.completed ? 1 : 0});
  }
  if (q.priority) {
    where += " AND t.priority = ?";
    params.emplace_back(checked_priority(*q.priority));
  }
  if (q.task_type) {
    where += " AND t.task_type = ?";
    params.emplace_back(checked_type(*q.task_type));
  }
  if (q.lead_id) {
    visibility::require_lead(conn, actor, *q.lead_id);
    where += " AND t.lead_id = ?";
    params.emplace_back(*q.lead_id);
  }
  const std::int64_t total =
      conn.run("SELECT COUNT(*) AS n FROM tasks t" + where, params).first().integer("n");
  params.emplace_back(std::int64_t{q.page.limit});
  params.emplace_back(q.page.offset());
  Page<TaskView> page;
  page.items = conn.run(view_select() + where + " ORDER BY " + rows::task_order("t") +
                            ", t.id LIMIT ? OFFSET ?",
                        params)
                   .map(row_to_view);
  page.info = make_page_info(q.page, total);
  return page;
}

TaskView TaskService::create(const Actor& actor, const NewTask& in) {
  Task t;
  t.title = validate::required(kTitle, in.title);
  t.description = validate::text(kDescription, in.description);
  t.task_type = checked_type(in.task_type.value_or("FOLLOW_UP"));
  t.priority = checked_priority(in.priority.value_or("MEDIUM"));
  t.due_at = in.due_at;
  t.duration_min = static_cast<int>(
      validate::count(kDurationMin, in.duration_min).value_or(kDefaultDurationMin));
  t.lead_id = validate::text(kLeadId, in.lead_id);
  t.company_id = validate::text(kCompanyId, in.company_id);
  t.assigned_to_id = t.created_by_id = actor.user_id;

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    Task created = t;
    if (created.lead_id) {
      const auto lead_company = visibility::require_lead(conn, actor, *created.lead_id);
      if (!created.company_id)
        created.company_id = lead_company;
      else if (created.company_id != lead_company)
        throw Error::invalid("companyId must be the company of the lead (leadId)");
    }
    if (created.company_id) visibility::require_company(conn, actor, *created.company_id);
    created.id = rt_.new_id();
    created.created_at = created.updated_at = rt_.now();
    conn.query(
        "INSERT INTO tasks (id, lead_id, company_id, assigned_to_id, created_by_id, title, "
        "description, task_type, priority, due_at, duration_min, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        created.id, created.lead_id, created.company_id, created.assigned_to_id,
        created.created_by_id, created.title, created.description, created.task_type,
        created.priority, created.due_at, created.duration_min, created.created_at,
        created.updated_at);
    log_task(conn, rt_, actor, "task_created", created);
    rt_.invalidate_dashboard_on_commit(tx);
    return require_task(conn, actor, created.id);
  });
}

TaskView TaskService::get(const Actor& actor, std::string_view id) {
  auto tx = rt_.db->read();
  return require_task(tx->connection(), actor, id);
}

TaskView TaskService::update(const Actor& actor, std::string_view id, const TaskUpdate& u) {
  storage::Assignments set;
  if (u.title) set.set("title", validate::required(kTitle, u.title));
  if (auto description = validate::patch(kDescription, u.description))
    set.set("description", *description);
  if (u.task_type) set.set("task_type", checked_type(*u.task_type));
  if (u.priority) set.set("priority", checked_priority(*u.priority));
  if (u.due_at) set.set("due_at", *u.due_at);
  if (u.duration_min) set.set("duration_min", validate::count(kDurationMin, *u.duration_min));

  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const TaskView current = require_task(conn, actor, id, sql::Lock::kForUpdate);
    storage::Assignments fields = set;
    const bool completing = u.is_completed && *u.is_completed && !current.task.is_completed;
    if (u.is_completed && *u.is_completed != current.task.is_completed) {
      fields.set("is_completed", *u.is_completed);
      fields.set("completed_at", *u.is_completed ? std::optional<TimeMs>(rt_.now()) : std::nullopt);
    }
    if (fields.empty()) return current;
    fields.set("updated_at", rt_.now());
    fields.update_by_id(conn, "tasks", current.task.id);
    TaskView updated = require_task(conn, actor, current.task.id);
    if (completing) log_task(conn, rt_, actor, "task_completed", updated.task);
    rt_.invalidate_dashboard_on_commit(tx);
    return updated;
  });
}

void TaskService::remove(const Actor& actor, std::string_view id) {
  rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const TaskView current = require_task(conn, actor, id, sql::Lock::kForUpdate);
    conn.query("DELETE FROM tasks WHERE id = ?", current.task.id);
    rt_.invalidate_dashboard_on_commit(tx);
  });
}

}  // namespace crm
