#pragma once
// The one exception type that crosses the library boundary.

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace crm {

// A fixed set of codes; each maps to exactly one HTTP status in the REST adapter and one
// exit code in the CLI.
enum class ErrorCode {
  kInvalidArgument,   // 400: the caller sent something malformed or out of range; fix the input.
  kUnauthenticated,   // 401: no valid credentials; log in again.
  kPermissionDenied,  // 403: authenticated, but the role or ownership does not allow it.
  kNotFound,          // 404: no such record, or one the caller may not see.
  kConflict,          // 409: the write collides with existing state (duplicate, in use).
                      //      Retrying the same request gets the same answer.
  kAborted,           // 409: the write lost a race with a concurrent one (serialization
                      //      failure, deadlock) more often than the engine retries it itself.
                      //      Nothing was written; retrying the whole request may succeed.
  kPayloadTooLarge,   // 413: request body over the limit.
  kRateLimited,       // 429: too many attempts; retry after `retry_after_seconds`.
  kNotConfigured,     // 501: an integration this call needs has no configuration.
  kUpstream,          // 502: an external provider failed or timed out.
  kUnavailable,       // 503: the database (or a service the engine depends on) is down or
                      //      busy. Nothing was written; retry later, with backoff.
  kInternal,          // 500: a bug or an unexpected storage failure. The message is for the
                      //      log, never for a client (it may hold SQL or driver text).
};

std::string_view to_string(ErrorCode code);
int http_status(ErrorCode code);

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string message, std::map<std::string, std::string> details = {});

  ErrorCode code() const { return code_; }
  // Extra string fields the reference names in error bodies (e.g. existingContactId).
  const std::map<std::string, std::string>& details() const { return details_; }
  std::optional<int> retry_after_seconds() const { return retry_after_seconds_; }
  Error& with_retry_after(int seconds) {
    retry_after_seconds_ = seconds;
    return *this;
  }

  static Error invalid(std::string message) {
    return {ErrorCode::kInvalidArgument, std::move(message)};
  }
  static Error not_found(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
  static Error forbidden(std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(message)};
  }
  static Error conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
  static Error unauthenticated(std::string message = "Unauthorized") {
    return {ErrorCode::kUnauthenticated, std::move(message)};
  }
  static Error internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }
  static Error aborted(std::string message) { return {ErrorCode::kAborted, std::move(message)}; }
  static Error unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message)};
  }

 private:
  ErrorCode code_;
  std::map<std::string, std::string> details_;
  std::optional<int> retry_after_seconds_;
};

}  // namespace crm
