#include "session_registry.hpp"

#include <vector>

#include "session.hpp"

namespace crm::server {

void SessionRegistry::add(const std::shared_ptr<Session>& session) {
  bool shutting_down = false;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = sessions_.try_emplace(session.get());
    if (inserted) it->second.session = session;
    shutting_down = shutting_down_;
  }
  if (shutting_down) session->shutdown();
}

void SessionRegistry::remove(const Session* session) {
  std::function<void()> on_empty;
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(session);
    if (shutting_down_ && sessions_.empty()) on_empty = std::move(on_empty_);
  }
  if (on_empty) on_empty();
}

bool SessionRegistry::evict_one() {
  std::shared_ptr<Session> victim;
  {
    std::lock_guard lock(mutex_);
    // The idle connection that became idle first, else the header that began arriving first.
    Entry* best = nullptr;
    Session::ActivityStamp best_stamp{Activity::kBusy, 0};
    for (auto& [session, entry] : sessions_) {
      const auto stamp = session->activity();
      if (stamp.activity == Activity::kBusy || stamp.since == entry.offered_since) continue;
      if (!best || stamp.activity < best_stamp.activity ||
          (stamp.activity == best_stamp.activity && stamp.since < best_stamp.since)) {
        best = &entry;
        best_stamp = stamp;
      }
    }
    if (!best) return false;
    best->offered_since = best_stamp.since;  // offered once: the next eviction picks another
    victim = best->session.lock();
  }
  if (!victim) return false;
  victim->evict();  // outside the lock: it may release the last reference
  return true;
}

void SessionRegistry::shutdown_all(std::function<void()> on_empty) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return;
    shutting_down_ = true;
    if (sessions_.empty()) {
      on_empty_ = nullptr;
    } else {
      on_empty_ = std::move(on_empty);
      on_empty = nullptr;
    }
    for (auto& [ptr, entry] : sessions_)
      if (auto session = entry.session.lock()) live.push_back(std::move(session));
  }
  if (on_empty) on_empty();
  // Outside the lock: a session released here may run its destructor, which calls remove().
  for (auto& session : live) session->shutdown();
}

void SessionRegistry::forget_on_empty() {
  std::lock_guard lock(mutex_);
  on_empty_ = nullptr;
}

std::size_t SessionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace crm::server
