#include "core/sequences/throttle_store.hpp"

#include <charconv>

#include "core/reference/settings_store.hpp"

namespace crm::throttle_store {
namespace {

constexpr std::int64_t kSmsPerMinute = 20, kSmsPerDay = 500;
constexpr std::int64_t kEmailPerMinute = 10, kEmailPerDay = 400;
// Counter rows older than this are deleted when a sender starts a new day.
constexpr TimeMs kKeepCounters = 2 * kDayMs;

TimeMs floor_to(TimeMs t, TimeMs unit) { return t - ((t % unit) + unit) % unit; }

std::int64_t setting_or(sql::Connection& conn, const SecretBox& secrets, const std::string& key,
                        std::string_view user_id, std::int64_t fallback) {
  for (const std::string& k : {key + "." + std::string(user_id), key}) {
    const auto value = settings_store::get(conn, secrets, k);
    if (!value) continue;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
    if (ec == std::errc() && end == value->data() + value->size()) return n;
  }
  return fallback;
}

// Adds one to the counter unless it has reached `limit`: the new count, or nullopt.
std::optional<std::int64_t> bump(sql::Connection& conn, std::string_view key,
                                 std::string_view period, TimeMs bucket, std::int64_t limit) {
  if (limit <= 0) limit = INT64_MAX;
  const auto res = conn.query(
      "INSERT INTO sender_counters (sender_key, period, bucket_start, n) "
      "VALUES (?, ?, ?, 1) ON CONFLICT (sender_key, period, bucket_start) "
      "DO UPDATE SET n = sender_counters.n + 1 WHERE sender_counters.n < ? "
      "RETURNING n",
      key, period, bucket, limit);
  if (res.empty()) return std::nullopt;
  return res.first().integer("n");
}

}  // namespace

std::string sender_key(MessageChannel channel, std::string_view user_id) {
  return (channel == MessageChannel::kSms ? "sms:" : "email:") + std::string(user_id);
}

Limits limits(sql::Connection& conn, const SecretBox& secrets, MessageChannel channel,
              std::string_view user_id) {
  const bool sms = channel == MessageChannel::kSms;
  const std::string prefix = sms ? "sms" : "email";
  return {
      setting_or(conn, secrets, prefix + "_max_per_minute", user_id,
                 sms ? kSmsPerMinute : kEmailPerMinute),
      setting_or(conn, secrets, prefix + "_max_per_day", user_id, sms ? kSmsPerDay : kEmailPerDay)};
}

planner::Throttle state(sql::Connection& conn, std::string_view key, const Limits& limits,
                        TimeMs now) {
  planner::Throttle t{limits.per_minute, limits.per_day, 0, 0, now};
  const auto res = conn.query(
      "SELECT period, n FROM sender_counters WHERE sender_key = ? AND ((period = 'minute' AND "
      "bucket_start = ?) OR (period = 'day' AND bucket_start = ?))",
      key, floor_to(now, kMinuteMs), floor_to(now, kDayMs));
  for (const auto& r : res.rows)
    (r.text("period") == "minute" ? t.sent_this_minute : t.sent_this_day) = r.integer("n");
  return t;
}

bool reserve(sql::Connection& conn, std::string_view key, const Limits& limits, TimeMs now) {
  const TimeMs day = floor_to(now, kDayMs);
  const auto today = bump(conn, key, "day", day, limits.per_day);
  if (!today) return false;
  if (!bump(conn, key, "minute", floor_to(now, kMinuteMs), limits.per_minute)) {
    conn.query(
        "UPDATE sender_counters SET n = n - 1 WHERE sender_key = ? AND period = 'day' AND "
        "bucket_start = ?",
        key, day);
    return false;
  }
  if (*today == 1)  // the sender's first message today: forget its old counters
    conn.query("DELETE FROM sender_counters WHERE sender_key = ? AND bucket_start < ?", key,
               now - kKeepCounters);
  return true;
}

}  // namespace crm::throttle_store
