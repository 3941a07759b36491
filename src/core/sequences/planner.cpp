#include "core/sequences/planner.hpp"

#include <algorithm>

#include "crm/error.hpp"

namespace crm::planner {
namespace {

// Any window with at least one day recurs within a week; 8 days cover a start late in a day.
constexpr int kDaysToSearch = 8;
// Placing in a window and finding a free slot alternate at most a few times (a full minute,
// then a full day, then the window of the next day); this bounds the loop.
constexpr int kMaxPlacements = 8;

bool is_send(SequenceAction a) {
  return a == SequenceAction::kSendSms || a == SequenceAction::kSendEmail;
}

bool allows(const SendWindow& w, int weekday) { return (w.days >> weekday) & 1U; }

TimeMs floor_to(TimeMs t, TimeMs unit) {
  const TimeMs q = t / unit;
  return (t % unit < 0 ? q - 1 : q) * unit;
}

}  // namespace

SendWindow sms_window(const std::optional<SendWindow>& o, bool ends_at_8pm) {
  const SendWindow legal{kMondayToSaturday, kSmsStartMinute,
                         ends_at_8pm ? kSmsEndMinute8pm : kSmsEndMinute};
  if (!o) return legal;
  SendWindow w{static_cast<std::uint8_t>(o->days & legal.days),
               std::max(o->start_minute, legal.start_minute),
               std::min(o->end_minute, legal.end_minute)};
  if (w.days == 0 || w.start_minute >= w.end_minute) return legal;
  return w;
}

SendWindow email_window(const std::optional<SendWindow>& o) {
  if (o && o->days != 0 && o->start_minute < o->end_minute) return *o;
  return {kMondayToFriday, kEmailStartMinute, kEmailEndMinute};
}

std::optional<SendWindow> window_for(SequenceAction action, const std::optional<SendWindow>& o,
                                     const Recipient& recipient) {
  switch (action) {
    case SequenceAction::kSendSms:
      return sms_window(o, recipient.sms_ends_at_8pm);
    case SequenceAction::kSendEmail:
      return email_window(o);
    default:
      return std::nullopt;
  }
}

TimeMs place_in_window(TimeMs t, const tz::Zone& zone, const SendWindow& w) {
  const tz::LocalTime lt = zone.local(t);
  for (int i = 0; i < kDaysToSearch; ++i) {
    if (!allows(w, (lt.weekday + i) % 7)) continue;
    const TimeMs end = zone.instant(lt.day + i, w.end_minute);
    if (t >= end) continue;
    return std::max(t, zone.instant(lt.day + i, w.start_minute));
  }
  throw Error::internal("a send window without days");
}

TimeMs next_window_start(TimeMs t, const tz::Zone& zone, const SendWindow& w) {
  const tz::LocalTime lt = zone.local(t);
  for (int i = 0; i <= kDaysToSearch; ++i) {
    if (!allows(w, (lt.weekday + i) % 7)) continue;
    const TimeMs start = zone.instant(lt.day + i, w.start_minute);
    if (start > t) return start;
  }
  throw Error::internal("a send window without days");
}

TimeMs next_free_slot(TimeMs t, const Throttle& th) {
  const TimeMs day = floor_to(th.as_of, kDayMs);
  const TimeMs minute = floor_to(th.as_of, kMinuteMs);
  if (th.per_day > 0 && th.sent_this_day >= th.per_day && t >= day && t < day + kDayMs)
    return day + kDayMs;
  if (th.per_minute > 0 && th.sent_this_minute >= th.per_minute && t >= minute &&
      t < minute + kMinuteMs)
    return minute + kMinuteMs;
  return t;
}

Due place(TimeMs earliest, SequenceAction action, const std::optional<SendWindow>& o,
          const Recipient& recipient, const std::optional<Throttle>& throttle) {
  Due due{earliest, false, false};
  const auto window = window_for(action, o, recipient);
  for (int i = 0; i < kMaxPlacements; ++i) {
    if (window) {
      const TimeMs placed = place_in_window(due.at, recipient.zone, *window);
      due.window_moved = due.window_moved || placed != due.at;
      due.at = placed;
    }
    if (!throttle || !is_send(action)) break;
    const TimeMs free = next_free_slot(due.at, *throttle);
    if (free == due.at) break;
    due.throttle_moved = true;
    due.at = free;
  }
  return due;
}

const SequenceStep* step_at(const std::vector<SequenceStep>& steps, int n) {
  if (n < 1 || n > static_cast<int>(steps.size())) return nullptr;
  return &steps[static_cast<std::size_t>(n - 1)];
}

Due next_due(const SequenceDefinition& def, int step_number, TimeMs base, TimeMs now,
             const Recipient& recipient, const std::optional<Throttle>& throttle) {
  const SequenceStep* step = step_at(def.steps, step_number);
  if (!step) throw Error::internal("no step " + std::to_string(step_number));
  const TimeMs nominal = base + step->delay_minutes * kMinuteMs;
  return place(std::max(nominal, now), step->action, def.send_window, recipient, throttle);
}

bool is_stale(TimeMs due, TimeMs now, TimeMs max_lateness_ms) {
  return now - due > max_lateness_ms;
}

const SequenceBranch* channel_branch(const SequenceStep& step, const ChannelFacts& f) {
  for (const SequenceBranch& b : step.branches) {
    switch (b.when) {
      case BranchCondition::kNoPhone:
        if (!f.has_phone) return &b;
        break;
      case BranchCondition::kNotSmsEligible:
        if (!f.has_phone || !f.sms_eligible) return &b;
        break;
      case BranchCondition::kNoEmail:
        if (!f.has_email) return &b;
        break;
      case BranchCondition::kSendFailed:
        break;
    }
  }
  return nullptr;
}

bool channel_ok(const SequenceStep& step, const ChannelFacts& f) {
  switch (step.action) {
    case SequenceAction::kSendSms:
      return f.has_phone && f.sms_eligible;
    case SequenceAction::kSendEmail:
      return f.has_email;
    default:
      return true;
  }
}

std::vector<PlannedStep> preview(const SequenceDefinition& def, int current_step,
                                 TimeMs current_due, TimeMs now, const Recipient& recipient,
                                 const ChannelFacts& facts, const std::optional<Throttle>& sms,
                                 const std::optional<Throttle>& email) {
  const auto throttle_of = [&](int n) -> const std::optional<Throttle>& {
    const SequenceStep* s = step_at(def.steps, n);
    return s && s->action == SequenceAction::kSendEmail ? email : sms;
  };
  std::vector<PlannedStep> out;
  int n = current_step;
  TimeMs due = current_due;
  if (const SequenceStep* first = step_at(def.steps, n))  // the sender may be out of budget now
    due = place(current_due, first->action, def.send_window, recipient, throttle_of(n)).at;
  // Each iteration moves to a strictly later step (branches only jump forward).
  while (const SequenceStep* step = step_at(def.steps, n)) {
    if (const SequenceBranch* b = channel_branch(*step, facts)) {
      if (b->go_to <= n) break;  // 0: the run ends here
      due = next_due(def, b->go_to, due, now, recipient, throttle_of(b->go_to)).at;
      n = b->go_to;
      continue;
    }
    if (!channel_ok(*step, facts)) break;  // the run would end here (no_contact_channel)
    out.push_back({n, step->action, due});
    if (step->action == SequenceAction::kEnd || !step_at(def.steps, n + 1)) break;
    due = next_due(def, n + 1, due, now, recipient, throttle_of(n + 1)).at;
    ++n;
  }
  return out;
}

}  // namespace crm::planner
