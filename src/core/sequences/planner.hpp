#pragma once
// When sequence steps go out (DOMAIN.md §8), as pure functions of a definition, a run's
// position, the lead's clock (its IANA zone and state), the send windows and the sender's
// throttle state. No I/O beyond the system tz database; unit-tested with a fake "now".
//
//   nominal = when the previous step ran (step 1: the run's start) + the step's delayMinutes
//   due     = the first instant >= max(nominal, now) inside the step's window on the lead's
//             clock, where the sender still has room in its per-minute and per-day budget
//
// CREATE_TASK and END have no window and no throttle. A throttled step moves to the next free
// slot (the next minute, or the next UTC day) and is placed in its window again: it is never
// dropped.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/util/time_zone.hpp"
#include "crm/sequences.hpp"

namespace crm::planner {

inline constexpr std::uint8_t kMondayToFriday = 0b0111110;
inline constexpr std::uint8_t kMondayToSaturday = 0b1111110;
inline constexpr int kSmsStartMinute = 8 * 60;
inline constexpr int kSmsEndMinute = 21 * 60;
inline constexpr int kSmsEndMinute8pm = 20 * 60;  // Florida, Oklahoma
inline constexpr int kEmailStartMinute = 8 * 60;
inline constexpr int kEmailEndMinute = 18 * 60;

// The lead's clock.
struct Recipient {
  tz::Zone zone;
  bool sms_ends_at_8pm = false;  // its state is Florida or Oklahoma
};

// The SMS window: the definition's window (if any) intersected with 08:00-21:00 (20:00)
// Monday-Saturday; that legal window when the definition has none. An override that leaves no
// time at all falls back to the legal window.
SendWindow sms_window(const std::optional<SendWindow>& override_window, bool ends_at_8pm);
// The definition's window, else 08:00-18:00 Monday-Friday.
SendWindow email_window(const std::optional<SendWindow>& override_window);
// The window of `action` (nullopt: CREATE_TASK and END go at any time).
std::optional<SendWindow> window_for(SequenceAction action,
                                     const std::optional<SendWindow>& override_window,
                                     const Recipient& recipient);

// The first instant >= t that lies inside `window` on `zone`'s clock (each local day's bounds
// are converted on their own, so DST changes move them correctly). REQUIRES: window.days != 0.
TimeMs place_in_window(TimeMs t, const tz::Zone& zone, const SendWindow& window);
// The start of the first window that opens strictly after t.
TimeMs next_window_start(TimeMs t, const tz::Zone& zone, const SendWindow& window);

// A sender's budget and what it has used in the UTC minute and the UTC day that contain
// `as_of` (counts of other minutes/days are unknown and taken as 0).
struct Throttle {
  std::int64_t per_minute = 0;
  std::int64_t per_day = 0;
  std::int64_t sent_this_minute = 0;
  std::int64_t sent_this_day = 0;
  TimeMs as_of = 0;
};
// The first instant >= t at which the sender has room.
TimeMs next_free_slot(TimeMs t, const Throttle& throttle);

struct Due {
  TimeMs at = 0;
  bool window_moved = false;    // later than asked because of the send window
  bool throttle_moved = false;  // later than asked because the sender's budget was used up
};
// When a step of `action` asked for at `earliest` really goes out.
Due place(TimeMs earliest, SequenceAction action, const std::optional<SendWindow>& override_window,
          const Recipient& recipient, const std::optional<Throttle>& throttle);

// The step numbered `n` of `steps` (renumbered 1..n), or null.
const SequenceStep* step_at(const std::vector<SequenceStep>& steps, int n);

// When step `step_number` of `def` is due, its delay counted from `base` (the previous step's
// execution, or the run's start) and never before `now`.
Due next_due(const SequenceDefinition& def, int step_number, TimeMs base, TimeMs now,
             const Recipient& recipient, const std::optional<Throttle>& throttle);

// A step found more than `max_lateness_ms` after the time it was due is stale: it is not sent
// late blindly but moved to the start of the next window that opens after `now`.
bool is_stale(TimeMs due, TimeMs now, TimeMs max_lateness_ms);

// What the lead's contact has, for branches (DOMAIN.md §8).
struct ChannelFacts {
  bool has_phone = false;
  bool sms_eligible = false;
  bool has_email = false;
};
// The branch of `step` that applies now (SEND_FAILED excepted: it applies after failures), or
// null. NO_PHONE: no phone; NOT_SMS_ELIGIBLE: a phone that may not get SMS; NO_EMAIL: no email.
const SequenceBranch* channel_branch(const SequenceStep& step, const ChannelFacts& facts);
// Whether the contact can receive `step` at all (SMS: an eligible phone; email: an address).
bool channel_ok(const SequenceStep& step, const ChannelFacts& facts);

// The remaining steps of a run at `current_step` due at `current_due`, as they will go if
// nothing changes: channel branches taken as the facts say, sends taken as succeeding, each
// step's delay counted from the previous one's due time, windows and throttles applied.
// Stops at END, at a branch to 0, or after the last step.
std::vector<PlannedStep> preview(const SequenceDefinition& def, int current_step,
                                 TimeMs current_due, TimeMs now, const Recipient& recipient,
                                 const ChannelFacts& facts, const std::optional<Throttle>& sms,
                                 const std::optional<Throttle>& email);

}  // namespace crm::planner
