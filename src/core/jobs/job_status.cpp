// Wire names of JobStatus (DOMAIN.md §17).
#include <utility>

#include "crm/jobs.hpp"

namespace crm {
namespace {

constexpr std::pair<JobStatus, std::string_view> kStatuses[] = {
    {JobStatus::kQueued, "QUEUED"},
    {JobStatus::kRunning, "RUNNING"},
    {JobStatus::kSucceeded, "SUCCEEDED"},
    {JobStatus::kDead, "DEAD"},
    {JobStatus::kCanceled, "CANCELED"}};

}  // namespace

std::string_view to_string(JobStatus status) {
  for (const auto& [value, name] : kStatuses)
    if (value == status) return name;
  return "QUEUED";
}

std::optional<JobStatus> parse_job_status(std::string_view text) {
  for (const auto& [value, name] : kStatuses)
    if (name == text) return value;
  return std::nullopt;
}

}  // namespace crm
