#pragma once
// The set of live connections, so that a shutdown can reach every one of them. Shared (by
// shared_ptr) between the server and its sessions, because sessions may outlive the server
// object while the io_context destroys its pending handlers.

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace crm::server {

class Session;

// Thread-safe.
class SessionRegistry {
 public:
  // Registers a started session. After shutdown_all() the session is told to shut down at once.
  void add(const std::shared_ptr<Session>& session);
  // Called from a session's destructor.
  void remove(const Session* session);

  // Asks every live (and every later) session to finish its current request and close.
  // `on_empty` runs once, on whichever thread removes the last session (or now if none).
  void shutdown_all(std::function<void()> on_empty);

  // Drops the on_empty callback; the owner calls it before it goes away.
  void forget_on_empty();

  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions_;
  bool shutting_down_ = false;
  std::function<void()> on_empty_;
};

}  // namespace crm::server
