#pragma once
// The set of live connections, so that a shutdown can reach every one of them and a full server
// can close idle connections to make room. Shared (by shared_ptr) between the server and its
// sessions, because sessions may outlive the server object while the io_context destroys their
// pending handlers.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace crm::server {

class Session;

// Thread-safe. Its mutex is taken when a connection opens or closes and when one is evicted,
// never per request: what a session does (Session::activity) is an atomic of the session, read
// only by evict_one.
class SessionRegistry {
 public:
  // Registers a started session. After shutdown_all() the session is told to shut down at once.
  void add(const std::shared_ptr<Session>& session);
  // Called from a session's destructor.
  void remove(const Session* session);

  // Asks the connection idle the longest (else the one reading a header the longest) to close,
  // and does not offer it again until it changes activity. False when every connection is busy.
  // The connection closes asynchronously, and not at all if it became busy meanwhile: the cap
  // this serves is soft. Scans every connection: it runs only at the connection cap.
  bool evict_one();

  // Asks every live (and every later) session to finish its current request and close.
  // `on_empty` runs once, on whichever thread removes the last session (or now if none).
  void shutdown_all(std::function<void()> on_empty);

  // Drops the on_empty callback; the owner calls it before it goes away.
  void forget_on_empty();

  std::size_t size() const;

 private:
  struct Entry {
    std::weak_ptr<Session> session;
    std::int64_t offered_since = -1;  // the activity start at which it was last offered
  };

  mutable std::mutex mutex_;
  // A session is alive while its entry is here: its destructor removes it under the mutex.
  std::unordered_map<const Session*, Entry> sessions_;
  bool shutting_down_ = false;
  std::function<void()> on_empty_;
};

}  // namespace crm::server
