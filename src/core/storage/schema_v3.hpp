#pragma once
// Migration 3: the transactional outbox (DOMAIN.md §17). Every side effect that leaves the
// database is a row here, written in the transaction of the change that causes it.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV3 = R"SQL(
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  dedupe_key TEXT UNIQUE,
  status TEXT NOT NULL DEFAULT 'QUEUED'
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'DEAD', 'CANCELED')),
  attempts BIGINT NOT NULL DEFAULT 0,
  max_attempts BIGINT NOT NULL DEFAULT 8,
  run_at BIGINT NOT NULL,
  lease_until BIGINT,
  lease_token TEXT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
-- Due work in claim order; RUNNING rows are found again by lease expiry.
CREATE INDEX jobs_due ON jobs(status, run_at);
CREATE INDEX jobs_kind_status ON jobs(kind, status);
CREATE INDEX jobs_lease ON jobs(status, lease_until);
)SQL";

}  // namespace crm::storage
