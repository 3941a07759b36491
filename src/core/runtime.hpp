#pragma once
// What every service of one Engine shares. Constant after construction except the members
// that say how they synchronize.

#include <memory>
#include <mutex>
#include <string>

#include "core/jobs/job_signal.hpp"
#include "core/security/password_pool.hpp"
#include "core/security/secret_box.hpp"
#include "core/users/login_throttle.hpp"
#include "core/users/principal_cache.hpp"
#include "core/util/ids.hpp"
#include "core/util/scoped_cache.hpp"
#include "crm/jobs.hpp"
#include "crm/options.hpp"
#include "crm/pipeline.hpp"
#include "crm/ports/sql.hpp"

namespace crm::detail {

struct Runtime {
  Runtime(EngineOptions opts, std::shared_ptr<const Clock> clk,
          std::shared_ptr<sql::Database> database);

  TimeMs now() const { return clock->now_ms(); }
  std::string new_id() const { return ids::new_id(now()); }
  Logger& log() const { return *options.logger; }

  // The dashboard cache is cleared once `tx` commits (never on rollback).
  void invalidate_dashboard_on_commit(sql::Transaction& tx) {
    tx.after_commit([this] { dashboard_cache.invalidate(); });
  }

  // The principal cache forgets the user once `tx` commits: every write that changes a row of
  // users (or what AuthService::principal reads with it) calls this.
  void forget_principal_on_commit(sql::Transaction& tx, std::string user_id) {
    tx.after_commit([this, id = std::move(user_id)] { principals.forget(id); });
  }

  // A bcrypt hash of a random password at the configured cost, made on first use: failed
  // logins of unknown or inactive accounts verify against it, so they cost what a wrong
  // password costs and reveal nothing by their timing.
  const std::string& dummy_password_hash();

  const EngineOptions options;
  const std::shared_ptr<const Clock> clock;
  const std::shared_ptr<sql::Database> db;
  const SecretBox secrets;
  const LoginThrottle login_throttle;
  PasswordPool passwords;                   // internally synchronized
  ScopedCache<Dashboard> dashboard_cache;   // internally synchronized
  ScopedCache<JobHealth> job_health_cache;  // internally synchronized; JobService::health
  jobs::JobSignal job_signal;               // internally synchronized
  PrincipalCache principals;                // internally synchronized

 private:
  std::once_flag dummy_hash_once_;
  std::string dummy_hash_;  // written once under dummy_hash_once_
};

}  // namespace crm::detail
