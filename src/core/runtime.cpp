#include "core/runtime.hpp"

#include <thread>

namespace crm::detail {
namespace {

int default_hash_threads(int configured) {
  if (configured > 0) return configured;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency() / 2));
}

}  // namespace

Runtime::Runtime(EngineOptions opts, std::shared_ptr<const Clock> clk,
                 std::shared_ptr<sql::Database> database)
    : options(std::move(opts)),
      clock(std::move(clk)),
      db(std::move(database)),
      secrets(options.encryption_key.empty() ? options.jwt_secret : options.encryption_key),
      login_throttle{options.login_failure_limit, options.login_failure_window_ms},
      passwords(default_hash_threads(options.password_hash_threads),
                options.password_hash_queue > 0
                    ? options.password_hash_queue
                    : 2 * default_hash_threads(options.password_hash_threads)),
      dashboard_cache(60 * kSecondMs),
      job_health_cache(kSecondMs),
      principals(options.principal_cache_size, options.principal_cache_ttl_ms) {}

const std::string& Runtime::dummy_password_hash() {
  std::call_once(dummy_hash_once_, [this] {
    dummy_hash_ = passwords.hash(ids::random_password(16), options.bcrypt_cost);
  });
  return dummy_hash_;
}

}  // namespace crm::detail
