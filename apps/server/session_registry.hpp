#pragma once
// The set of live connections, so that a shutdown can reach every one of them and a full server
// can close idle connections to make room. Shared (by shared_ptr) between the server and its
// sessions, because sessions may outlive the server object while the io_context destroys their
// pending handlers.

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace crm::server {

class Session;

// What a connection is doing, as far as making room goes.
enum class Activity {
  kIdle,           // waiting for the first byte of a request (keep-alive or fresh): evicted first
  kReadingHeader,  // a request header is arriving: evicted when no connection is idle
  kBusy,           // a request is being read, handled or answered: never evicted
};

// Thread-safe.
class SessionRegistry {
 public:
  // Registers a started session (as kIdle). After shutdown_all() the session is told to shut down
  // at once.
  void add(const std::shared_ptr<Session>& session);
  // Called from a session's destructor.
  void remove(const Session* session);

  // Records what `session` now does; idle and header-reading sessions are queued for eviction
  // in the order they became so.
  void set_activity(const Session* session, Activity activity);

  // Asks the connection idle the longest (else the one reading a header the longest) to close,
  // and stops offering it. False when every connection is busy. The connection closes
  // asynchronously, and not at all if it became busy meanwhile: the cap this serves is soft.
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
    Activity activity = Activity::kBusy;
    std::list<const Session*>::iterator queued;  // in the list of `activity`, unless kBusy
  };
  std::list<const Session*>* queue_of(Activity activity);
  void dequeue(Entry& entry);

  mutable std::mutex mutex_;
  std::unordered_map<const Session*, Entry> sessions_;
  std::list<const Session*> idle_;            // oldest first
  std::list<const Session*> reading_header_;  // oldest first
  bool shutting_down_ = false;
  std::function<void()> on_empty_;
};

}  // namespace crm::server
