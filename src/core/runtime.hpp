#pragma once
// What every service of one Engine shares. Constant after construction except the members
// that say how they synchronize.

#include <memory>
#include <string>

#include "core/security/secret_box.hpp"
#include "core/users/login_throttle.hpp"
#include "core/util/ids.hpp"
#include "core/util/scoped_cache.hpp"
#include "crm/options.hpp"
#include "crm/pipeline.hpp"
#include "crm/ports/sql.hpp"

namespace crm::detail {

struct Runtime {
  Runtime(EngineOptions opts, std::shared_ptr<const Clock> clk, std::unique_ptr<sql::Database> database)
      : options(std::move(opts)),
        clock(std::move(clk)),
        db(std::move(database)),
        secrets(options.encryption_key.empty() ? options.jwt_secret : options.encryption_key),
        login_throttle(options.login_failure_limit, options.login_failure_window_ms),
        dashboard_cache(60 * kSecondMs) {}

  TimeMs now() const { return clock->now_ms(); }
  std::string new_id() const { return ids::new_id(now()); }

  const EngineOptions options;
  const std::shared_ptr<const Clock> clock;
  const std::unique_ptr<sql::Database> db;
  const SecretBox secrets;
  LoginThrottle login_throttle;      // internally synchronized
  ScopedCache<Dashboard> dashboard_cache;      // internally synchronized
};

}  // namespace crm::detail
