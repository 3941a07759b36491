#pragma once
// Tasks (DOMAIN.md §9): a rep's to-dos, made by hand or by sequence steps.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/pagination.hpp"
#include "crm/patch.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm {

// taskType: CALL, EMAIL, SMS, FOLLOW_UP (default), MEETING, OTHER.
bool is_task_type(std::string_view text);
// priority: LOW, MEDIUM (default), HIGH, URGENT.
bool is_task_priority(std::string_view text);

struct TaskQuery {
  std::optional<bool> completed;  // absent: both
  std::optional<std::string> priority;
  std::optional<std::string> task_type;
  std::optional<std::string> lead_id;  // must be visible (kNotFound)
  bool mine = false;  // only the actor's own tasks (an ADMIN otherwise sees everyone's)
  PageRequest page;
};

struct NewTask {
  std::optional<std::string> lead_id;     // visible lead
  std::optional<std::string> company_id;  // visible company; default: the lead's
  std::optional<std::string> title;       // required
  std::optional<std::string> description;
  std::optional<std::string> task_type;
  std::optional<std::string> priority;
  std::optional<TimeMs> due_at;
  std::optional<std::int64_t> duration_min;  // 1..1440, default 30
};

struct TaskUpdate {
  std::optional<std::string> title;
  Nullable<std::string> description;
  std::optional<std::string> task_type;
  std::optional<std::string> priority;
  Nullable<TimeMs> due_at;
  std::optional<std::int64_t> duration_min;
  std::optional<bool> is_completed;  // true sets completedAt, false clears it
};

// A lead as a task shows it.
struct TaskLead {
  std::string id;
  LeadStage stage = LeadStage::kNewLead;
  std::string contact_id;
  std::string contact_name;
};

struct TaskView {
  Task task;
  std::optional<TaskLead> lead;
  std::optional<CompanySummary> company;
  std::optional<UserSummary> assigned_to;
};

namespace detail {
struct Runtime;
}

// A REP sees and changes the tasks assigned to them; an ADMIN every task (DOMAIN.md §3). A task
// the actor may not see answers kNotFound. Thread-safe.
class TaskService {
 public:
  explicit TaskService(detail::Runtime& rt);

  // dueAt ascending, undated last.
  Page<TaskView> list(const Actor& actor, const TaskQuery& query);
  // Assigned to the actor. Logs task_created {taskId, title} when it has a lead.
  TaskView create(const Actor& actor, const NewTask& input);
  TaskView get(const Actor& actor, std::string_view id);
  // Completing logs task_completed {taskId, title} when the task has a lead.
  TaskView update(const Actor& actor, std::string_view id, const TaskUpdate& update);
  void remove(const Actor& actor, std::string_view id);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
