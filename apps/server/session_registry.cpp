#include "session_registry.hpp"

#include <vector>

#include "session.hpp"

namespace crm::server {

std::list<const Session*>* SessionRegistry::queue_of(Activity activity) {
  switch (activity) {
    case Activity::kIdle:
      return &idle_;
    case Activity::kReadingHeader:
      return &reading_header_;
    case Activity::kBusy:
      return nullptr;
  }
  return nullptr;
}

void SessionRegistry::dequeue(Entry& entry) {
  if (auto* queue = queue_of(entry.activity)) queue->erase(entry.queued);
  entry.activity = Activity::kBusy;
}

void SessionRegistry::add(const std::shared_ptr<Session>& session) {
  bool shutting_down = false;
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = sessions_.try_emplace(session.get());
    if (inserted) {
      it->second.session = session;
      it->second.activity = Activity::kIdle;
      it->second.queued = idle_.insert(idle_.end(), session.get());
    }
    shutting_down = shutting_down_;
  }
  if (shutting_down) session->shutdown();
}

void SessionRegistry::remove(const Session* session) {
  std::function<void()> on_empty;
  {
    std::lock_guard lock(mutex_);
    if (auto it = sessions_.find(session); it != sessions_.end()) {
      dequeue(it->second);
      sessions_.erase(it);
    }
    if (shutting_down_ && sessions_.empty()) on_empty = std::move(on_empty_);
  }
  if (on_empty) on_empty();
}

void SessionRegistry::set_activity(const Session* session, Activity activity) {
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(session);
  if (it == sessions_.end() || it->second.activity == activity) return;
  dequeue(it->second);
  it->second.activity = activity;
  if (auto* queue = queue_of(activity)) it->second.queued = queue->insert(queue->end(), session);
}

bool SessionRegistry::evict_one() {
  std::shared_ptr<Session> victim;
  {
    std::lock_guard lock(mutex_);
    for (auto* queue : {&idle_, &reading_header_}) {
      while (!victim && !queue->empty()) {
        auto& entry = sessions_.at(queue->front());
        dequeue(entry);  // offered once: the next eviction picks another connection
        victim = entry.session.lock();
      }
    }
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
