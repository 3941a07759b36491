#pragma once
// Clock port: every "now" in the engine comes from here, so tests control time.

#include <atomic>
#include <memory>

#include "crm/time.hpp"

namespace crm {

// Implementations must be safe to call from several threads at once.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now_ms() const = 0;
};

// Wall-clock time.
class SystemClock final : public Clock {
 public:
  TimeMs now_ms() const override;
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimeMs start) : now_(start) {}
  TimeMs now_ms() const override { return now_.load(); }
  void set(TimeMs t) { now_.store(t); }
  void advance(TimeMs delta) { now_.fetch_add(delta); }

 private:
  std::atomic<TimeMs> now_;
};

}  // namespace crm
