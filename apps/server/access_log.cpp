#include "access_log.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace crm::server {
namespace {

// Lines held before the writer has taken them; more are dropped (and counted). At ~40 bytes a
// line, 64k lines is ~2.5 MiB: more than a second of the server's peak rate.
constexpr std::size_t kMaxPendingLines = 64 * 1024;
// The writer wakes at least this often when lines are pending, and at once past kWakeLines:
// one write(2) per batch instead of one per request, and no wake-up (futex) per request.
constexpr auto kFlushInterval = std::chrono::milliseconds(20);
constexpr std::size_t kWakeLines = 4096;

class AccessLog {
 public:
  AccessLog() : writer_([this] { run(); }) {}
  ~AccessLog() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
  }

  // Appends the line, or counts it dropped. Never waits for the writer: the lock guards an
  // append to a string, not I/O.
  void append(std::string_view line) {
    bool wake = false;
    {
      std::lock_guard lock(mu_);
      if (pending_lines_ >= kMaxPendingLines) {
        ++dropped_;
        ++dropped_total_;
        return;
      }
      pending_.append(line);
      wake = ++pending_lines_ == kWakeLines;
    }
    if (wake) wake_.notify_one();
  }

  void flush() {
    std::unique_lock lock(mu_);
    const std::uint64_t target = ++flush_requested_;
    wake_.notify_one();
    flushed_cv_.wait(lock, [&] { return flushed_ >= target || stopping_; });
  }

  std::size_t dropped_total() {
    std::lock_guard lock(mu_);
    return dropped_total_;
  }

 private:
  void run() {
    std::string batch;
    std::unique_lock lock(mu_);
    for (;;) {
      wake_.wait_for(lock, kFlushInterval, [this] {
        return stopping_ || flush_requested_ > flushed_ || pending_lines_ >= kWakeLines;
      });
      batch.clear();
      batch.swap(pending_);
      pending_lines_ = 0;
      const std::size_t dropped = dropped_;
      dropped_ = 0;
      const std::uint64_t flush_target = flush_requested_;
      const bool stopping = stopping_;
      lock.unlock();
      if (dropped > 0) {
        char note[64];
        const int n = std::snprintf(note, sizeof note, "access log: %zu lines dropped\n", dropped);
        batch.append(note, static_cast<std::size_t>(n));
      }
      write_all(batch);
      lock.lock();
      flushed_ = flush_target;
      flushed_cv_.notify_all();
      if (stopping && pending_lines_ == 0 && dropped_ == 0) return;
    }
  }

  // Best effort: a full or closed stderr loses the batch, it never stops the server.
  static void write_all(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
      const auto n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
      if (n <= 0) return;
      done += static_cast<std::size_t>(n);
    }
  }

  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable flushed_cv_;
  std::string pending_;                // guarded by mu_
  std::size_t pending_lines_ = 0;      // guarded by mu_
  std::size_t dropped_ = 0;            // guarded by mu_; since the last write
  std::size_t dropped_total_ = 0;      // guarded by mu_
  std::uint64_t flush_requested_ = 0;  // guarded by mu_
  std::uint64_t flushed_ = 0;          // guarded by mu_
  bool stopping_ = false;              // guarded by mu_
  std::thread writer_;                 // last: starts once the members above exist
};

AccessLog& access_log() {
  static AccessLog log;
  return log;
}

}  // namespace

void log_request(std::string_view method, std::string_view path, unsigned status,
                 std::chrono::steady_clock::duration duration) {
  const double ms = std::chrono::duration<double, std::milli>(duration).count();
  // The line is built on the stack when it fits (it nearly always does): no allocation.
  char line[512];
  const int tail_len = std::snprintf(line, sizeof line, " %u %.1fms\n", status, ms);
  const std::size_t tail = static_cast<std::size_t>(tail_len);
  if (method.size() + 1 + path.size() + tail <= sizeof line) {
    char buf[512];
    std::size_t n = 0;
    method.copy(buf, method.size());
    n += method.size();
    buf[n++] = ' ';
    path.copy(buf + n, path.size());
    n += path.size();
    std::copy(line, line + tail, buf + n);
    n += tail;
    access_log().append(std::string_view(buf, n));
    return;
  }
  std::string long_line;
  long_line.append(method).append(" ").append(path).append(line, tail);
  access_log().append(long_line);
}

void flush_access_log() { access_log().flush(); }

std::size_t dropped_access_log_lines() { return access_log().dropped_total(); }

}  // namespace crm::server
