#pragma once
// The pipeline board and the home dashboard.

#include <optional>
#include <string>
#include <vector>

#include "crm/activity.hpp"
#include "crm/records.hpp"

namespace crm {

struct PipelineCard {
  Lead lead;
  std::string contact_name;
  std::optional<std::string> company_name;
};

struct PipelineColumn {
  LeadStage stage = LeadStage::kNewLead;
  std::int64_t count = 0;
  Cents revenue = 0;  // sum of estimatedRevenue
  std::vector<PipelineCard> leads;
};

struct Pipeline {
  std::vector<PipelineColumn> stages;  // every stage, in pipeline order
  std::int64_t total_count = 0;
  Cents total_revenue = 0;
};

struct TaskSummaryCounts {
  std::int64_t overdue = 0;
  std::int64_t due_today = 0;
  std::int64_t upcoming = 0;
  std::int64_t completed_today = 0;
  std::vector<Task> next;  // up to 10 open tasks, dueAt ascending, undated last
};

struct StageSnapshot {
  LeadStage stage = LeadStage::kNewLead;
  std::int64_t count = 0;
  Cents revenue = 0;
};

struct Dashboard {
  TaskSummaryCounts tasks;
  std::vector<StageSnapshot> pipeline;  // open stages
  Cents mtd_revenue = 0;                // payments received since the start of the month (UTC)
  std::vector<Activity> recent_positive_replies;  // newest 10
  TimeMs generated_at = 0;
};

namespace detail {
struct Runtime;
}

// Thread-safe.
class PipelineService {
 public:
  explicit PipelineService(detail::Runtime& rt);

  // Leads whose company has status LEAD or who have no company, visible to the actor.
  Pipeline pipeline(const Actor& actor);
  // Cached 60 s per visibility scope (admin, each rep); writes that change it invalidate.
  Dashboard dashboard(const Actor& actor);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
