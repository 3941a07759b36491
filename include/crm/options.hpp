#pragma once
// Configuration of an Engine: a plain struct with documented defaults.

#include <memory>
#include <string>
#include <vector>

#include "crm/clock.hpp"
#include "crm/logger.hpp"
#include "crm/ports/message_sender.hpp"
#include "crm/ports/providers.hpp"

namespace crm {

struct EngineOptions {
  // Folder for files the engine keeps beside the database (lead photos, exports).
  std::string data_dir = "data";

  // HS256 key for session tokens. REQUIRED: at least 32 bytes, else Engine::open throws.
  // A token minted by the previous system with the same secret stays valid.
  std::string jwt_secret;

  // Key for secrets at rest (gateway passwords, OAuth tokens): 64 hex characters, or any
  // other text, which is hashed with SHA-256. Empty: derived from jwt_secret, so that a
  // single-secret deployment still encrypts. Changing it makes stored secrets unreadable.
  std::string encryption_key;

  // bcrypt cost for new password hashes (4..31). 12 costs ~250 ms per hash on one core;
  // tests lower it to 4.
  int bcrypt_cost = 12;

  // Public origin of the deployment, e.g. "https://crm.example.com". When it is https the
  // session cookie is marked Secure.
  std::string public_base_url;

  // Peer addresses of reverse proxies whose X-Forwarded-For header is believed when the engine
  // records a client's IP (e-signatures). Empty: the socket's peer address is the client's, and
  // X-Forwarded-For is ignored (a client could write anything there).
  std::vector<std::string> trusted_proxies;

  // Threads that run bcrypt, apart from the request handlers (0: half the cores, at least
  // one), and how many hash requests may wait for them (0: twice the threads). Past that a
  // login answers 503 with Retry-After instead of queueing.
  int password_hash_threads = 0;
  int password_hash_queue = 0;

  // Failed logins per email within `login_failure_window_ms` before logins answer 429.
  int login_failure_limit = 10;
  TimeMs login_failure_window_ms = 15 * kMinuteMs;

  // Signed-in users cached by id, so that a request's authentication reads no database: at
  // most `principal_cache_size` users (least recently used go first; 0: no cache), each for at
  // most `principal_cache_ttl_ms` after it was read (0: no cache). This engine's own writes to
  // a user (deactivation, role or password change, profile, login) take effect at once; other
  // engines or processes on the same database see them within the TTL, so a user deactivated
  // anywhere is refused everywhere within 1 s by default. Measured with `clock`.
  std::size_t principal_cache_size = 10'000;
  TimeMs principal_cache_ttl_ms = 1000;

  // Source of "now". Null: the system clock.
  std::shared_ptr<const Clock> clock;

  // Sends the SMS and email steps of sequences (DOMAIN.md §8). Null: no sender is configured,
  // so those steps fail visibly (run lastError, then the step's SEND_FAILED branch).
  std::shared_ptr<MessageSender> message_sender;

  // Where internal errors (with their request id) and background failures are reported.
  // Null: stderr.
  std::shared_ptr<Logger> logger;

  // Enrichment and AI providers (crm/ports/providers.hpp); each null one is "not configured".
  // Programs fill them from the environment (src/adapters/enrichment/providers_from_env.hpp).
  providers::Providers providers;
};

}  // namespace crm
