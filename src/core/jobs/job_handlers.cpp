// The handler registry, and the handlers of the engine's own job kinds.
#include "crm/worker.hpp"

#include "core/sequences/run_ops.hpp"
#include "core/sequences/step_runner.hpp"

namespace crm {
namespace {

class FunctionHandler final : public JobHandler {
 public:
  explicit FunctionHandler(JobHandlers::Function fn) : fn_(std::move(fn)) {}
  JobResult run(const JobContext& job) override { return fn_(job); }

 private:
  JobHandlers::Function fn_;
};

}  // namespace

std::vector<JobResult> JobHandler::run_batch(std::span<const JobContext> jobs) {
  std::vector<JobResult> out;
  out.reserve(jobs.size());
  for (const JobContext& job : jobs) out.push_back(run(job));
  return out;
}

JobHandlers& JobHandlers::add(std::string kind, std::shared_ptr<JobHandler> handler) {
  handlers_[std::move(kind)] = std::move(handler);
  return *this;
}

JobHandlers& JobHandlers::add(std::string kind, Function function) {
  return add(std::move(kind), std::make_shared<FunctionHandler>(std::move(function)));
}

JobHandler* JobHandlers::find(std::string_view kind) const {
  const auto it = handlers_.find(kind);
  return it == handlers_.end() ? nullptr : it->second.get();
}

std::vector<std::string> JobHandlers::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, handler] : handlers_) out.push_back(kind);
  return out;
}

// Features that enqueue work (invoice emails, SMS sends, provider syncs, sequence steps)
// register their handlers here, so that crm-server, `crm worker` and embedders run the same
// set.
JobHandlers default_job_handlers() {
  JobHandlers handlers;
  handlers.add(std::string(run_ops::kStepJobKind), step_runner::handler());
  return handlers;
}

}  // namespace crm
