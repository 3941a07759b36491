#pragma once
// Sender budgets (DOMAIN.md §8): how many messages one sender (a user's SMS gateway or email
// account) sends per UTC minute and per UTC day, counted in sender_counters inside the
// transaction that decides a send. Limits are settings:
//   sms_max_per_minute (default 20), sms_max_per_day (500),
//   email_max_per_minute (10), email_max_per_day (400),
// each overridable per sender with ".<userId>" appended to the key.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/sequences/planner.hpp"
#include "crm/ports/message_sender.hpp"
#include "crm/ports/sql.hpp"

namespace crm {
class SecretBox;
}

namespace crm::throttle_store {

struct Limits {
  std::int64_t per_minute = 0;  // <= 0: no limit
  std::int64_t per_day = 0;
};

// "sms:<userId>" / "email:<userId>": one gateway / account per user and channel.
std::string sender_key(MessageChannel channel, std::string_view user_id);

Limits limits(sql::Connection& conn, const SecretBox& secrets, MessageChannel channel,
              std::string_view user_id);

// What `sender_key` has used in the minute and the day of `now`.
planner::Throttle state(sql::Connection& conn, std::string_view sender_key, const Limits& limits,
                        TimeMs now);

// Counts one message of `sender_key` at `now` when both budgets have room; false (and nothing
// counted) otherwise. Concurrent reservations of one sender serialize on its counter rows.
// REQUIRES: a write transaction.
bool reserve(sql::Connection& conn, std::string_view sender_key, const Limits& limits, TimeMs now);

}  // namespace crm::throttle_store
