// The worker's pure rules (DOMAIN.md §17): backoff schedule with jitter, what an attempt's
// result makes of the job, and how HTTP statuses and engine errors are classified.
#include <doctest/doctest.h>

#include "core/jobs/retry_policy.hpp"
#include "crm/error.hpp"

using namespace crm;
using jobs::Decision;

namespace {
constexpr TimeMs kNow = 1'795'000'000'000;
}

TEST_CASE("job retry: the nominal backoff is 30 s, 2 min, 10 min, 1 h, then 6 h") {
  CHECK(jobs::nominal_backoff(1) == 30 * kSecondMs);
  CHECK(jobs::nominal_backoff(2) == 2 * kMinuteMs);
  CHECK(jobs::nominal_backoff(3) == 10 * kMinuteMs);
  CHECK(jobs::nominal_backoff(4) == kHourMs);
  CHECK(jobs::nominal_backoff(5) == 6 * kHourMs);
  CHECK(jobs::nominal_backoff(6) == 6 * kHourMs);
  CHECK(jobs::nominal_backoff(40) == 6 * kHourMs);
}

TEST_CASE("job retry: jitter spreads each delay over 80..120 % of the nominal one") {
  for (int attempt = 1; attempt <= 6; ++attempt) {
    const TimeMs nominal = jobs::nominal_backoff(attempt);
    CHECK(jobs::backoff_delay(attempt, 0.0) == nominal * 8 / 10);
    CHECK(jobs::backoff_delay(attempt, 0.5) == nominal);
    CHECK(jobs::backoff_delay(attempt, 0.999999) <= nominal * 12 / 10);
    CHECK(jobs::backoff_delay(attempt, 0.999999) > nominal * 119 / 100);
  }
}

TEST_CASE("job retry: a transient failure is retried after the jittered backoff") {
  const auto d = jobs::decide(JobResult::transient("timeout"), 2, 8, kNow, 0.25);
  CHECK(d.next == Decision::Next::kRetry);
  CHECK(d.run_at == kNow + jobs::backoff_delay(2, 0.25));
  CHECK(d.error == "timeout");
}

TEST_CASE("job retry: any failure of the last attempt is DEAD with its error") {
  for (const JobResult& r : {JobResult::transient("timeout"), JobResult::retry_after(5, "busy"),
                             JobResult::http(503, "down")}) {
    const auto d = jobs::decide(r, 3, 3, kNow, 0.5);
    CHECK(d.next == Decision::Next::kDead);
    CHECK(d.error == r.error());
  }
}

TEST_CASE("job retry: a permanent failure is DEAD at the first attempt") {
  const auto d = jobs::decide(JobResult::permanent("bad address"), 1, 8, kNow, 0.5);
  CHECK(d.next == Decision::Next::kDead);
  CHECK(d.error == "bad address");
}

TEST_CASE("job retry: success") {
  CHECK(jobs::decide(JobResult::success(), 8, 8, kNow, 0.5).next == Decision::Next::kSucceeded);
}

TEST_CASE("job retry: Retry-After is honoured exactly, never earlier, capped at a day") {
  auto d = jobs::decide(JobResult::retry_after(120, "slow down"), 1, 8, kNow, 0.0);
  CHECK(d.next == Decision::Next::kRetry);
  CHECK(d.run_at == kNow + 120 * kSecondMs);
  d = jobs::decide(JobResult::retry_after(10 * 86400, "later"), 1, 8, kNow, 0.0);
  CHECK(d.run_at == kNow + jobs::kMaxRetryAfterMs);
  d = jobs::decide(JobResult::retry_after(-5, "now"), 1, 8, kNow, 0.0);
  CHECK(d.run_at == kNow);
}

TEST_CASE("job retry: HTTP 2xx succeeds, 4xx but 408/429 is permanent, the rest transient") {
  using K = JobResult::Kind;
  CHECK(JobResult::http(200).kind() == K::kSuccess);
  CHECK(JobResult::http(204).kind() == K::kSuccess);
  for (int status : {400, 401, 403, 404, 409, 410, 422})
    CHECK(JobResult::http(status, "nope").kind() == K::kPermanent);
  for (int status : {408, 429, 500, 502, 503, 504, 0, 301})
    CHECK(JobResult::http(status).kind() == K::kTransient);
  const auto r = JobResult::http(422, "invalid phone");
  CHECK(r.error() == "HTTP 422: invalid phone");
  CHECK(r.http_status() == 422);
}

TEST_CASE("job retry: 429 and 503 honour Retry-After; other statuses ignore it") {
  using K = JobResult::Kind;
  const auto limited = JobResult::http(429, "rate limited", 90);
  CHECK(limited.kind() == K::kRetryAfter);
  CHECK(limited.retry_after_seconds() == 90);
  CHECK(limited.http_status() == 429);
  CHECK(JobResult::http(503, "maintenance", 30).kind() == K::kRetryAfter);
  CHECK(JobResult::http(500, "oops", 30).kind() == K::kTransient);
  CHECK(JobResult::http(400, "bad", 30).kind() == K::kPermanent);
}

TEST_CASE("job retry: engine errors thrown by a handler are classified by their code") {
  using K = JobResult::Kind;
  CHECK(JobResult::from_error(Error::invalid("bad")).kind() == K::kPermanent);
  CHECK(JobResult::from_error(Error::not_found("gone")).kind() == K::kPermanent);
  CHECK(JobResult::from_error(Error(ErrorCode::kNotConfigured, "no key")).kind() == K::kPermanent);
  CHECK(JobResult::from_error(Error::aborted("race")).kind() == K::kTransient);
  CHECK(JobResult::from_error(Error::unavailable("down")).kind() == K::kTransient);
  CHECK(JobResult::from_error(Error(ErrorCode::kUpstream, "502")).kind() == K::kTransient);
  Error limited(ErrorCode::kRateLimited, "slow");
  limited.with_retry_after(42);
  CHECK(JobResult::from_error(limited).kind() == K::kRetryAfter);
  CHECK(JobResult::from_error(limited).retry_after_seconds() == 42);
}

TEST_CASE("job retry: a kind without a handler names the kind") {
  CHECK(jobs::no_handler_error("email.nope") == "no handler for kind email.nope");
}
