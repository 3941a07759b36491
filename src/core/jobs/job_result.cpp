// JobResult's classifications: HTTP statuses and crm::Error codes to retry decisions.
#include <algorithm>

#include "core/jobs/retry_policy.hpp"
#include "crm/error.hpp"
#include "crm/worker.hpp"

namespace crm {
namespace {

std::string http_error(int status, std::string_view error) {
  std::string out = "HTTP " + std::to_string(status);
  if (!error.empty()) out.append(": ").append(error);
  return out;
}

}  // namespace

JobResult JobResult::retry_after(std::int64_t seconds, std::string error) {
  const std::int64_t max_seconds = jobs::kMaxRetryAfterMs / kSecondMs;
  return JobResult(Kind::kRetryAfter, std::move(error),
                   std::clamp<std::int64_t>(seconds, 0, max_seconds), std::nullopt);
}

JobResult JobResult::http(int status, std::string_view error,
                          std::optional<std::int64_t> retry_after_seconds) {
  if (status >= 200 && status < 300) return success();
  JobResult r = transient(http_error(status, error));
  if ((status == 429 || status == 503) && retry_after_seconds)
    r = retry_after(*retry_after_seconds, http_error(status, error));
  else if (status >= 400 && status < 500 && status != 408 && status != 429)
    r = permanent(http_error(status, error));
  r.http_status_ = status;
  return r;
}

JobResult JobResult::from_error(const Error& error) {
  switch (error.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kUnauthenticated:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
    case ErrorCode::kPayloadTooLarge:
    case ErrorCode::kNotConfigured:
      return permanent(error.what());
    case ErrorCode::kRateLimited:
      if (error.retry_after_seconds())
        return retry_after(*error.retry_after_seconds(), error.what());
      return transient(error.what());
    case ErrorCode::kAborted:
    case ErrorCode::kUpstream:
    case ErrorCode::kUnavailable:
    case ErrorCode::kInternal:
      break;
  }
  return transient(error.what());
}

}  // namespace crm
