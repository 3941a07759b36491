// The sequence planner (DOMAIN.md §8) with a fake "now": delays, send windows on the lead's
// clock in several zones and across DST changes, Florida's 20:00 end, weekends, throttles,
// staleness, branches and the schedule preview. Zones come from the system tz database.
#include <doctest/doctest.h>

#include "core/sequences/planner.hpp"
#include "crm/time.hpp"

using namespace crm;
using namespace crm::planner;

namespace {

TimeMs at(const char* iso) {
  const auto t = parse_iso(iso);
  REQUIRE(t.has_value());
  return *t;
}

Recipient in(const char* zone, bool ends_at_8pm = false) {
  const auto z = tz::find(zone);
  REQUIRE(z.has_value());
  return {*z, ends_at_8pm};
}

TimeMs sms(TimeMs t, const Recipient& r, std::optional<SendWindow> o = std::nullopt) {
  return place(t, SequenceAction::kSendSms, o, r, std::nullopt).at;
}

TimeMs email(TimeMs t, const Recipient& r, std::optional<SendWindow> o = std::nullopt) {
  return place(t, SequenceAction::kSendEmail, o, r, std::nullopt).at;
}

constexpr std::uint8_t kEveryDay = 0b1111111;

SequenceStep step(int n, std::int64_t delay, SequenceAction a,
                  std::vector<SequenceBranch> branches = {}) {
  SequenceStep s;
  s.step_number = n;
  s.delay_minutes = delay;
  s.action = a;
  s.branches = std::move(branches);
  return s;
}

// The seeded no-answer sequence: a text 5 minutes after the call, an email an hour later, a
// call-back task a day later.
SequenceDefinition no_answer() {
  SequenceDefinition d;
  d.tag_slug = "no-answer";
  d.steps = {step(1, 5, SequenceAction::kSendSms, {{BranchCondition::kNotSmsEligible, 2}}),
             step(2, 60, SequenceAction::kSendEmail, {{BranchCondition::kNoEmail, 3}}),
             step(3, 1440, SequenceAction::kCreateTask)};
  return d;
}

}  // namespace

TEST_CASE("planner: tz database zones; unknown names are not zones") {
  CHECK(tz::find("America/New_York").has_value());
  CHECK(tz::find("Pacific/Honolulu").has_value());
  CHECK_FALSE(tz::find("Mars/Olympus_Mons").has_value());
  CHECK_FALSE(tz::find("").has_value());
  CHECK_FALSE(tz::find("EST5EDT-ish").has_value());
  const auto ny = *tz::find("America/New_York");
  const auto lt = ny.local(at("2026-03-08T03:30:00Z"));  // Saturday 22:30 EST
  CHECK(lt.weekday == 6);
  CHECK(lt.minute == 22 * 60 + 30);
}

TEST_CASE("planner: a time inside the window stays; outside it moves to the next opening") {
  const auto ny = in("America/New_York");
  // Wednesday 2026-11-18 10:00 EST.
  CHECK(sms(at("2026-11-18T15:00:00Z"), ny) == at("2026-11-18T15:00:00Z"));
  CHECK(email(at("2026-11-18T15:00:00Z"), ny) == at("2026-11-18T15:00:00Z"));
  // 06:06 EST -> 08:00 EST.
  const auto d =
      place(at("2026-11-18T11:06:40Z"), SequenceAction::kSendSms, std::nullopt, ny, std::nullopt);
  CHECK(d.at == at("2026-11-18T13:00:00Z"));
  CHECK(d.window_moved);
  CHECK_FALSE(d.throttle_moved);
  // Email closes at 18:00, SMS at 21:00 (end exclusive).
  CHECK(email(at("2026-11-18T23:00:00Z"), ny) == at("2026-11-19T13:00:00Z"));
  CHECK(sms(at("2026-11-18T23:00:00Z"), ny) == at("2026-11-18T23:00:00Z"));
  CHECK(sms(at("2026-11-19T02:00:00Z"), ny) == at("2026-11-19T13:00:00Z"));
  CHECK(sms(at("2026-11-19T01:59:59Z"), ny) == at("2026-11-19T01:59:59Z"));
  // Tasks and END go at any time.
  CHECK(
      place(at("2026-11-19T04:00:00Z"), SequenceAction::kCreateTask, std::nullopt, ny, std::nullopt)
          .at == at("2026-11-19T04:00:00Z"));
}

TEST_CASE("planner: weekends: SMS Monday to Saturday, email Monday to Friday") {
  const auto ny = in("America/New_York");
  // Saturday 2026-11-21 10:00 EST: SMS goes, email waits for Monday.
  CHECK(sms(at("2026-11-21T15:00:00Z"), ny) == at("2026-11-21T15:00:00Z"));
  CHECK(email(at("2026-11-21T15:00:00Z"), ny) == at("2026-11-23T13:00:00Z"));
  // Saturday 22:00: SMS skips Sunday.
  CHECK(sms(at("2026-11-22T03:00:00Z"), ny) == at("2026-11-23T13:00:00Z"));
  // Sunday noon.
  CHECK(sms(at("2026-11-22T17:00:00Z"), ny) == at("2026-11-23T13:00:00Z"));
}

TEST_CASE("planner: New York across the March change: 08:00 is 13:00 UTC before, 12:00 after") {
  const auto ny = in("America/New_York");
  // Saturday 2026-03-07 07:00 EST -> 08:00 EST.
  CHECK(sms(at("2026-03-07T12:00:00Z"), ny) == at("2026-03-07T13:00:00Z"));
  // Saturday 22:30 EST, the night before the change: Sunday is skipped, Monday 08:00 EDT.
  CHECK(sms(at("2026-03-08T03:30:00Z"), ny) == at("2026-03-09T12:00:00Z"));
  // Friday 19:00 EST: email on Monday 08:00 EDT, not 09:00.
  CHECK(email(at("2026-03-07T00:00:00Z"), ny) == at("2026-03-09T12:00:00Z"));
  // Monday 07:00 EDT -> 08:00 EDT.
  CHECK(sms(at("2026-03-09T11:00:00Z"), ny) == at("2026-03-09T12:00:00Z"));
}

TEST_CASE("planner: New York across the November change: 08:00 is 12:00 UTC before, 13:00 after") {
  const auto ny = in("America/New_York");
  // Friday 2026-10-30 07:00 EDT -> 08:00 EDT.
  CHECK(email(at("2026-10-30T11:00:00Z"), ny) == at("2026-10-30T12:00:00Z"));
  // Friday 18:30 EDT -> Monday 2026-11-02 08:00 EST.
  CHECK(email(at("2026-10-30T22:30:00Z"), ny) == at("2026-11-02T13:00:00Z"));
  // Saturday 2026-10-31 21:30 EDT -> Monday 08:00 EST (Sunday, the change, skipped).
  CHECK(sms(at("2026-11-01T01:30:00Z"), ny) == at("2026-11-02T13:00:00Z"));
}

TEST_CASE("planner: window bounds a DST change skips or repeats") {
  const auto ny = in("America/New_York");
  const SendWindow night{kEveryDay, 2 * 60 + 30, 5 * 60};
  // 02:30 does not exist on 2026-03-08: the window opens at the change, 03:00 EDT = 07:00 UTC.
  CHECK(email(at("2026-03-08T06:00:00Z"), ny, night) == at("2026-03-08T07:00:00Z"));
  // 01:30 happens twice on 2026-11-01: the first (EDT, 05:30 UTC) opens the window.
  const SendWindow early{kEveryDay, 90, 4 * 60};
  CHECK(email(at("2026-11-01T04:00:00Z"), ny, early) == at("2026-11-01T05:30:00Z"));
  // The day is 25 hours long: 04:00 EST is 09:00 UTC.
  CHECK(email(at("2026-11-01T08:59:00Z"), ny, early) == at("2026-11-01T08:59:00Z"));
  CHECK(email(at("2026-11-01T09:00:00Z"), ny, early) == at("2026-11-02T06:30:00Z"));
}

TEST_CASE("planner: Honolulu and Phoenix keep one offset all year; Denver does not") {
  const auto hnl = in("Pacific/Honolulu");
  const auto phx = in("America/Phoenix");
  const auto den = in("America/Denver");
  CHECK(sms(at("2026-11-18T13:00:00Z"), hnl) == at("2026-11-18T18:00:00Z"));
  CHECK(sms(at("2026-07-15T13:00:00Z"), hnl) == at("2026-07-15T18:00:00Z"));
  CHECK(sms(at("2026-01-14T10:00:00Z"), phx) == at("2026-01-14T15:00:00Z"));
  CHECK(sms(at("2026-07-15T10:00:00Z"), phx) == at("2026-07-15T15:00:00Z"));
  CHECK(sms(at("2026-01-14T10:00:00Z"), den) == at("2026-01-14T15:00:00Z"));
  CHECK(sms(at("2026-07-15T10:00:00Z"), den) == at("2026-07-15T14:00:00Z"));
  // 08:00 in New York is still 03:00 in Honolulu.
  CHECK(sms(at("2026-11-18T13:00:00Z"), in("America/New_York")) == at("2026-11-18T13:00:00Z"));
}

TEST_CASE("planner: Florida and Oklahoma texts end at 20:00") {
  const auto fl = in("America/New_York", true);
  const auto ny = in("America/New_York");
  // Tuesday 2026-11-17 20:30 EST.
  CHECK(sms(at("2026-11-18T01:30:00Z"), fl) == at("2026-11-18T13:00:00Z"));
  CHECK(sms(at("2026-11-18T01:30:00Z"), ny) == at("2026-11-18T01:30:00Z"));
  CHECK(sms(at("2026-11-18T00:59:00Z"), fl) == at("2026-11-18T00:59:00Z"));
  CHECK(sms(at("2026-11-18T01:00:00Z"), fl) == at("2026-11-18T13:00:00Z"));
  // Oklahoma City (Central).
  const auto ok = in("America/Chicago", true);
  CHECK(sms(at("2026-11-18T02:30:00Z"), ok) == at("2026-11-18T14:00:00Z"));
  // Email windows do not change.
  CHECK(email(at("2026-11-18T15:00:00Z"), fl) == at("2026-11-18T15:00:00Z"));
}

TEST_CASE("planner: a sequence's window may narrow SMS but never widen it") {
  CHECK(sms_window(SendWindow{kEveryDay, 6 * 60, 23 * 60}, false).days == kMondayToSaturday);
  CHECK(sms_window(SendWindow{kEveryDay, 6 * 60, 23 * 60}, false).start_minute == 8 * 60);
  CHECK(sms_window(SendWindow{kEveryDay, 6 * 60, 23 * 60}, false).end_minute == 21 * 60);
  CHECK(sms_window(SendWindow{kEveryDay, 6 * 60, 23 * 60}, true).end_minute == 20 * 60);
  const auto narrow = sms_window(SendWindow{kMondayToFriday, 10 * 60, 12 * 60}, false);
  CHECK(narrow.days == kMondayToFriday);
  CHECK(narrow.start_minute == 10 * 60);
  CHECK(narrow.end_minute == 12 * 60);
  // Only Sunday: nothing legal is left, the legal window applies.
  CHECK(sms_window(SendWindow{0b0000001, 10 * 60, 12 * 60}, false).days == kMondayToSaturday);
  // Email takes the override as it is (weekends included).
  const auto ny = in("America/New_York");
  CHECK(email(at("2026-11-22T17:00:00Z"), ny, SendWindow{kEveryDay, 9 * 60, 17 * 60}) ==
        at("2026-11-22T17:00:00Z"));
  CHECK(sms(at("2026-11-22T17:00:00Z"), ny, SendWindow{kEveryDay, 9 * 60, 17 * 60}) ==
        at("2026-11-23T14:00:00Z"));
}

TEST_CASE("planner: throttles move a send to the next free minute or day, then into the window") {
  const auto ny = in("America/New_York");
  const TimeMs now = at("2026-11-18T15:00:20Z");  // Wednesday 10:00:20 EST
  Throttle t{2, 10, 2, 5, now};
  CHECK(next_free_slot(now, t) == at("2026-11-18T15:01:00Z"));
  // Another minute, or a budget with room, is free.
  CHECK(next_free_slot(at("2026-11-18T15:01:00Z"), t) == at("2026-11-18T15:01:00Z"));
  CHECK(next_free_slot(now, Throttle{3, 10, 2, 5, now}) == now);
  // No limit configured.
  CHECK(next_free_slot(now, Throttle{0, 0, 99, 999, now}) == now);

  auto d = place(now, SequenceAction::kSendSms, std::nullopt, ny, t);
  CHECK(d.at == at("2026-11-18T15:01:00Z"));
  CHECK(d.throttle_moved);
  CHECK_FALSE(d.window_moved);
  // Tasks are never throttled.
  CHECK(place(now, SequenceAction::kCreateTask, std::nullopt, ny, t).at == now);

  // The day's budget is spent: the next UTC day (19:00 in New York, still in the SMS window;
  // email waits for Thursday 08:00).
  const Throttle day_full{20, 10, 0, 10, now};
  d = place(now, SequenceAction::kSendSms, std::nullopt, ny, day_full);
  CHECK(d.at == at("2026-11-19T00:00:00Z"));
  d = place(now, SequenceAction::kSendEmail, std::nullopt, ny, day_full);
  CHECK(d.at == at("2026-11-19T13:00:00Z"));
  CHECK(d.throttle_moved);
  CHECK(d.window_moved);
}

TEST_CASE("planner: delays count from the previous step, never before now") {
  const auto ny = in("America/New_York");
  const SequenceDefinition d = no_answer();
  const TimeMs wed_1000 = at("2026-11-18T15:00:00Z");
  CHECK(next_due(d, 1, wed_1000, wed_1000, ny, std::nullopt).at == wed_1000 + 5 * kMinuteMs);
  CHECK(next_due(d, 2, wed_1000, wed_1000, ny, std::nullopt).at == wed_1000 + kHourMs);
  CHECK(next_due(d, 3, wed_1000, wed_1000, ny, std::nullopt).at == wed_1000 + kDayMs);
  // The base is long past: due now.
  CHECK(next_due(d, 2, wed_1000 - 10 * kHourMs, wed_1000, ny, std::nullopt).at == wed_1000);
  // Email at 17:30 + 60 min = 18:30: Thursday 08:00.
  CHECK(
      next_due(d, 2, at("2026-11-18T22:30:00Z"), at("2026-11-18T22:30:00Z"), ny, std::nullopt).at ==
      at("2026-11-19T13:00:00Z"));
  CHECK_THROWS(next_due(d, 4, wed_1000, wed_1000, ny, std::nullopt));
}

TEST_CASE("planner: staleness and the next window opening") {
  const TimeMs due = at("2026-11-18T13:00:00Z");
  CHECK_FALSE(is_stale(due, due + 240 * kMinuteMs, 240 * kMinuteMs));
  CHECK(is_stale(due, due + 240 * kMinuteMs + 1, 240 * kMinuteMs));
  CHECK_FALSE(is_stale(due, due - kHourMs, 240 * kMinuteMs));
  const auto ny = in("America/New_York");
  const SendWindow w = sms_window(std::nullopt, false);
  // Inside Wednesday's window: Thursday's opening.
  CHECK(next_window_start(at("2026-11-18T18:00:00Z"), ny.zone, w) == at("2026-11-19T13:00:00Z"));
  // Before Wednesday's: Wednesday's.
  CHECK(next_window_start(at("2026-11-18T11:00:00Z"), ny.zone, w) == at("2026-11-18T13:00:00Z"));
  // Saturday afternoon: Monday (no SMS on Sunday).
  CHECK(next_window_start(at("2026-11-21T18:00:00Z"), ny.zone, w) == at("2026-11-23T13:00:00Z"));
}

TEST_CASE("planner: channel branches and channels") {
  const auto s = step(1, 0, SequenceAction::kSendSms,
                      {{BranchCondition::kSendFailed, 5},
                       {BranchCondition::kNoPhone, 3},
                       {BranchCondition::kNotSmsEligible, 4}});
  CHECK(channel_branch(s, {true, true, true}) == nullptr);
  REQUIRE(channel_branch(s, {false, false, true}) != nullptr);
  CHECK(channel_branch(s, {false, false, true})->go_to == 3);  // first that applies
  CHECK(channel_branch(s, {true, false, true})->go_to == 4);
  const auto e = step(2, 0, SequenceAction::kSendEmail, {{BranchCondition::kNoEmail, 0}});
  REQUIRE(channel_branch(e, {true, true, false}) != nullptr);
  CHECK(channel_branch(e, {true, true, false})->go_to == 0);
  CHECK(channel_branch(e, {false, false, true}) == nullptr);
  CHECK(channel_ok(s, {true, true, false}));
  CHECK_FALSE(channel_ok(s, {true, false, true}));
  CHECK_FALSE(channel_ok(e, {true, true, false}));
  CHECK(channel_ok(step(3, 0, SequenceAction::kCreateTask), {}));
}

TEST_CASE("planner: the schedule preview follows delays, windows, branches and END") {
  const auto ny = in("America/New_York");
  const SequenceDefinition d = no_answer();
  const TimeMs start = at("2026-11-18T11:06:40Z");  // Wednesday 06:06 EST
  const TimeMs first = next_due(d, 1, start, start, ny, std::nullopt).at;
  CHECK(first == at("2026-11-18T13:00:00Z"));

  auto p = preview(d, 1, first, start, ny, {true, true, true}, std::nullopt, std::nullopt);
  REQUIRE(p.size() == 3);
  CHECK(p[0].step_number == 1);
  CHECK(p[0].action == SequenceAction::kSendSms);
  CHECK(p[0].due_at == at("2026-11-18T13:00:00Z"));
  CHECK(p[1].due_at == at("2026-11-18T14:00:00Z"));
  CHECK(p[2].action == SequenceAction::kCreateTask);
  CHECK(p[2].due_at == at("2026-11-19T14:00:00Z"));

  // No phone: the text branches to the email, an hour after the text's time.
  p = preview(d, 1, first, start, ny, {false, false, true}, std::nullopt, std::nullopt);
  REQUIRE(p.size() == 2);
  CHECK(p[0].step_number == 2);
  CHECK(p[0].due_at == at("2026-11-18T14:00:00Z"));
  // Neither phone nor email: the text branches to the email's time, which branches to the
  // task a day later.
  p = preview(d, 1, first, start, ny, {false, false, false}, std::nullopt, std::nullopt);
  REQUIRE(p.size() == 1);
  CHECK(p[0].step_number == 3);
  CHECK(p[0].due_at == at("2026-11-19T14:00:00Z"));
  // From the middle of the run.
  p = preview(d, 2, at("2026-11-18T14:00:00Z"), at("2026-11-18T13:30:00Z"), ny, {true, true, true},
              std::nullopt, std::nullopt);
  REQUIRE(p.size() == 2);
  CHECK(p[0].step_number == 2);

  // END stops the preview; a send without its channel (and no branch) ends the run there.
  SequenceDefinition e;
  e.steps = {step(1, 0, SequenceAction::kCreateTask), step(2, 0, SequenceAction::kEnd),
             step(3, 0, SequenceAction::kCreateTask)};
  CHECK(preview(e, 1, start, start, ny, {}, std::nullopt, std::nullopt).size() == 2);
  SequenceDefinition mail;
  mail.steps = {step(1, 0, SequenceAction::kSendEmail), step(2, 0, SequenceAction::kCreateTask)};
  CHECK(
      preview(mail, 1, start, start, ny, {true, true, false}, std::nullopt, std::nullopt).empty());

  // A full SMS budget shows in the preview.
  const Throttle full{1, 500, 1, 1, first};
  p = preview(d, 1, first, first, ny, {true, true, true}, full, std::nullopt);
  CHECK(p[0].due_at == first + kMinuteMs);
}
