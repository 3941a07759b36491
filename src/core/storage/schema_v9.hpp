#pragma once
// Migration 9: sales automation (DOMAIN.md §7-§9).
//   contacts/companies  + time_zone: an explicit IANA zone for the lead's clock
//   message_templates   SMS/email bodies with {{variables}} (SEQUENCE seeded, CANNED by users)
//   sequences           one definition per tag slug; steps and the optional send window as JSON
//   sequence_runs       + why and when a run ended, its current step's nominal due time, failed
//                         send attempts, the generation of its scheduled step job (a step job
//                         of an older generation finds nothing to do), who started it
//   tasks               + sequence_step: a sequence task is created once per run and step
//   sender_counters     messages per sender per UTC minute and day (throttles)
// Seeds the sequences of no-answer, left-voicemail and spoke-send-info and their templates.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV9 = R"SQL(
ALTER TABLE contacts ADD COLUMN time_zone TEXT;
ALTER TABLE companies ADD COLUMN time_zone TEXT;

CREATE TABLE message_templates (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('SMS', 'EMAIL')),
  category TEXT NOT NULL CHECK (category IN ('SEQUENCE', 'CANNED')),
  subject TEXT,
  body TEXT NOT NULL,
  is_active BIGINT NOT NULL DEFAULT 1,
  created_by_id TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX message_templates_list ON message_templates(is_active, channel, category, name);

CREATE TABLE sequences (
  id TEXT PRIMARY KEY,
  tag_slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT,
  is_active BIGINT NOT NULL DEFAULT 1,
  steps TEXT NOT NULL DEFAULT '[]',
  send_window TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

ALTER TABLE sequence_runs ADD COLUMN end_reason TEXT;
ALTER TABLE sequence_runs ADD COLUMN step_due_at BIGINT;
ALTER TABLE sequence_runs ADD COLUMN step_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sequence_runs ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sequence_runs ADD COLUMN started_by_id TEXT REFERENCES users(id);
ALTER TABLE sequence_runs ADD COLUMN updated_at BIGINT;
-- "Unless one is already active for that lead and tag" (DOMAIN.md §7), on both engines.
CREATE UNIQUE INDEX sequence_runs_one_open ON sequence_runs(lead_id, tag_slug)
  WHERE status IN ('ACTIVE', 'PAUSED');
CREATE INDEX sequence_runs_tag_status ON sequence_runs(tag_slug, status, started_at, id);
CREATE INDEX sequence_runs_status_started ON sequence_runs(status, started_at, id);

ALTER TABLE tasks ADD COLUMN sequence_step BIGINT;
CREATE UNIQUE INDEX tasks_run_step ON tasks(sequence_run_id, sequence_step)
  WHERE sequence_run_id IS NOT NULL AND sequence_step IS NOT NULL;
CREATE INDEX tasks_due ON tasks(is_completed, due_at, id);

CREATE TABLE sender_counters (
  sender_key TEXT NOT NULL,
  period TEXT NOT NULL CHECK (period IN ('minute', 'day')),
  bucket_start BIGINT NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (sender_key, period, bucket_start)
);

INSERT INTO message_templates (id, slug, name, channel, category, subject, body, created_at, updated_at) VALUES
  ('systpl-no-answer-sms', 'no-answer-sms', 'No answer - text', 'SMS', 'SEQUENCE', NULL,
   'Hi {{firstName}}, this is {{repFirstName}}. I just tried to call you. When is a good time to talk? You can reach me at {{repPhone}}.', 0, 0),
  ('systpl-no-answer-email', 'no-answer-email', 'No answer - email', 'EMAIL', 'SEQUENCE',
   'Sorry I missed you, {{firstName}}',
   'Hi {{firstName}},

I tried to reach you by phone today about {{companyName}}. When would be a good time for a short call?

Best,
{{repName}}
{{repPhone}}', 0, 0),
  ('systpl-left-voicemail-sms', 'left-voicemail-sms', 'Left voicemail - text', 'SMS', 'SEQUENCE', NULL,
   'Hi {{firstName}}, {{repFirstName}} here. I just left you a voicemail. Call or text me back at {{repPhone}} when it suits you.', 0, 0),
  ('systpl-left-voicemail-email', 'left-voicemail-email', 'Left voicemail - email', 'EMAIL', 'SEQUENCE',
   'Following up on my voicemail',
   'Hi {{firstName}},

I left you a voicemail earlier today. I would love a few minutes to learn about {{companyName}} and see whether we can help.

Best,
{{repName}}
{{repEmail}} | {{repPhone}}', 0, 0),
  ('systpl-spoke-send-info-email', 'spoke-send-info-email', 'Spoke - send info - email', 'EMAIL', 'SEQUENCE',
   'The information you asked for',
   'Hi {{firstName}},

Thanks for taking my call. As promised, here is the information for {{companyName}}. Reply to this email with any questions.

Best,
{{repName}}
{{repEmail}} | {{repPhone}}', 0, 0),
  ('systpl-spoke-send-info-sms', 'spoke-send-info-sms', 'Spoke - send info - text', 'SMS', 'SEQUENCE', NULL,
   'Hi {{firstName}}, {{repFirstName}} here. I just emailed you the info we talked about. Text me here with any questions.', 0, 0);

INSERT INTO sequences (id, tag_slug, name, description, is_active, steps, created_at, updated_at) VALUES
  ('seqdef-no-answer', 'no-answer', 'No answer',
   'A text a few minutes after the missed call, an email an hour later, a call-back task the next day.', 1,
   '[{"stepNumber":1,"delayMinutes":5,"action":"SEND_SMS","templateSlug":"no-answer-sms","task":null,"branches":[{"when":"NOT_SMS_ELIGIBLE","goto":2}]},{"stepNumber":2,"delayMinutes":60,"action":"SEND_EMAIL","templateSlug":"no-answer-email","task":null,"branches":[{"when":"NO_EMAIL","goto":3}]},{"stepNumber":3,"delayMinutes":1440,"action":"CREATE_TASK","templateSlug":null,"task":{"title":"Call again (no answer)","taskType":"CALL","priority":"MEDIUM","durationMin":15},"branches":[]}]',
   0, 0),
  ('seqdef-left-voicemail', 'left-voicemail', 'Left voicemail',
   'A text right after the voicemail, an email half an hour later, a follow-up call two days later.', 1,
   '[{"stepNumber":1,"delayMinutes":2,"action":"SEND_SMS","templateSlug":"left-voicemail-sms","task":null,"branches":[{"when":"NOT_SMS_ELIGIBLE","goto":2}]},{"stepNumber":2,"delayMinutes":30,"action":"SEND_EMAIL","templateSlug":"left-voicemail-email","task":null,"branches":[{"when":"NO_EMAIL","goto":3}]},{"stepNumber":3,"delayMinutes":2880,"action":"CREATE_TASK","templateSlug":null,"task":{"title":"Follow up on voicemail","taskType":"CALL","priority":"MEDIUM","durationMin":15},"branches":[]}]',
   0, 0),
  ('seqdef-spoke-send-info', 'spoke-send-info', 'Spoke - send info',
   'The information by email at once, a text ten minutes later, a check-in task three days later.', 1,
   '[{"stepNumber":1,"delayMinutes":0,"action":"SEND_EMAIL","templateSlug":"spoke-send-info-email","task":null,"branches":[{"when":"NO_EMAIL","goto":2}]},{"stepNumber":2,"delayMinutes":10,"action":"SEND_SMS","templateSlug":"spoke-send-info-sms","task":null,"branches":[{"when":"NOT_SMS_ELIGIBLE","goto":3}]},{"stepNumber":3,"delayMinutes":4320,"action":"CREATE_TASK","templateSlug":null,"task":{"title":"Check in after sending info","taskType":"FOLLOW_UP","priority":"HIGH","durationMin":30},"branches":[]}]',
   0, 0);
)SQL";

}  // namespace crm::storage
