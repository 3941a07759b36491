#pragma once
// Migration 1: every table and index of the engine, and the system seed data.
// Times are int64 epoch ms (BIGINT), money int64 cents, booleans 0/1, JSON in TEXT. The tables
// are written once in SQL both engines run (SQLite reads BIGINT and DOUBLE PRECISION as its
// INTEGER and REAL); only the append-only triggers differ per dialect.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV1Tables = R"SQL(
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  phone TEXT,
  role TEXT NOT NULL CHECK (role IN ('ADMIN', 'REP')),
  is_active BIGINT NOT NULL DEFAULT 1,
  last_login_at BIGINT,
  invited_by_id TEXT REFERENCES users(id),
  invited_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_role_active ON users(role, is_active);

CREATE TABLE email_accounts (
  id TEXT PRIMARY KEY,
  email_address TEXT NOT NULL UNIQUE,
  display_name TEXT,
  user_id TEXT UNIQUE REFERENCES users(id),
  access_token_enc TEXT,
  refresh_token_enc TEXT,
  token_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE sms_gateways (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  gateway_url TEXT NOT NULL,
  username TEXT NOT NULL,
  password_enc TEXT NOT NULL,
  from_number TEXT NOT NULL,
  is_active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sms_gateways_user ON sms_gateways(user_id);
CREATE INDEX sms_gateways_from ON sms_gateways(from_number);

CREATE TABLE companies (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  website TEXT,
  phone TEXT,
  phone_digits TEXT,
  industry TEXT,
  icp_tag TEXT,
  business_label TEXT,
  status TEXT NOT NULL DEFAULT 'LEAD'
    CHECK (status IN ('LEAD', 'CUSTOMER', 'PARTNER', 'CONTACT', 'INACTIVE', 'DEAD')),
  source TEXT,
  vendor TEXT,
  sales_note TEXT,
  taxable BIGINT NOT NULL DEFAULT 0,
  assigned_rep_id TEXT REFERENCES users(id),
  description TEXT,
  google_rating DOUBLE PRECISION,
  google_review_count BIGINT,
  hero_photo_url TEXT,
  maps_url TEXT,
  stripe_customer_id TEXT,
  qb_customer_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX companies_rep_created ON companies(assigned_rep_id, created_at);
CREATE INDEX companies_status_created ON companies(status, created_at);
CREATE INDEX companies_created ON companies(created_at);
CREATE INDEX companies_phone_digits ON companies(phone_digits);

CREATE TABLE addresses (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  label TEXT,
  type TEXT NOT NULL DEFAULT 'BOTH' CHECK (type IN ('BILLING', 'SHIPPING', 'BOTH')),
  address_line1 TEXT NOT NULL,
  address_line2 TEXT,
  city TEXT NOT NULL,
  state TEXT NOT NULL,
  zip TEXT NOT NULL,
  country TEXT NOT NULL DEFAULT 'US',
  notes TEXT,
  is_default_billing BIGINT NOT NULL DEFAULT 0,
  is_default_shipping BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX addresses_company ON addresses(company_id, created_at);
-- At most one default billing and one default shipping address per company.
CREATE UNIQUE INDEX addresses_one_default_billing ON addresses(company_id) WHERE is_default_billing = 1;
CREATE UNIQUE INDEX addresses_one_default_shipping ON addresses(company_id) WHERE is_default_shipping = 1;

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  company_id TEXT REFERENCES companies(id) ON DELETE SET NULL,
  first_name TEXT NOT NULL DEFAULT '',
  last_name TEXT NOT NULL DEFAULT '',
  full_name TEXT NOT NULL DEFAULT '',
  email TEXT,
  email_normalized TEXT UNIQUE,
  phone TEXT,
  phone_e164 TEXT,
  phone_digits TEXT,
  title TEXT,
  source TEXT,
  is_sms_eligible BIGINT NOT NULL DEFAULT 0,
  notes TEXT,
  email_status TEXT NOT NULL DEFAULT 'UNKNOWN',
  email_verified_at BIGINT,
  phone_type TEXT NOT NULL DEFAULT 'UNKNOWN',
  phone_verified_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX contacts_company_created ON contacts(company_id, created_at);
CREATE INDEX contacts_created ON contacts(created_at);
CREATE INDEX contacts_phone_e164 ON contacts(phone_e164);

CREATE TABLE leads (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  company_id TEXT REFERENCES companies(id),
  owner_id TEXT REFERENCES users(id),
  stage TEXT NOT NULL DEFAULT 'NEW_LEAD' CHECK (stage IN ('NEW_LEAD', 'CONTACTED', 'QUALIFIED',
    'PROPOSAL_SENT', 'NEGOTIATING', 'WON', 'LOST', 'BOGUS')),
  stage_changed_at BIGINT,
  source TEXT,
  source_campaign TEXT,
  estimated_units BIGINT,
  estimated_revenue BIGINT,
  lost_reason TEXT,
  won_at BIGINT,
  is_dnc BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX leads_company_stage ON leads(company_id, stage);
CREATE INDEX leads_contact ON leads(contact_id);
CREATE INDEX leads_stage_created ON leads(stage, created_at);
CREATE INDEX leads_source_created ON leads(source, created_at);
CREATE INDEX leads_created ON leads(created_at);
-- The pipeline board: newest-updated cards per stage, and (covering) the per-stage totals.
CREATE INDEX leads_pipeline ON leads(stage, updated_at, id, company_id, estimated_revenue);

CREATE TABLE lead_scores (
  lead_id TEXT PRIMARY KEY REFERENCES leads(id) ON DELETE CASCADE,
  fit BIGINT NOT NULL DEFAULT 0,
  engagement BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

CREATE TABLE notes (
  id TEXT PRIMARY KEY,
  company_id TEXT NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  lead_id TEXT REFERENCES leads(id),
  author_id TEXT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX notes_company_created ON notes(company_id, created_at);

-- Append-only timeline. No foreign keys: history outlives the records it speaks of.
CREATE TABLE activities (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  lead_id TEXT,
  company_id TEXT,
  user_id TEXT,
  data TEXT NOT NULL DEFAULT '{}',
  created_at BIGINT NOT NULL
);
CREATE INDEX activities_lead_created ON activities(lead_id, created_at);
CREATE INDEX activities_company_created ON activities(company_id, created_at);
CREATE INDEX activities_created ON activities(created_at);
CREATE INDEX activities_type_created ON activities(type, created_at);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  lead_id TEXT REFERENCES leads(id),
  company_id TEXT REFERENCES companies(id),
  assigned_to_id TEXT REFERENCES users(id),
  created_by_id TEXT REFERENCES users(id),
  sequence_run_id TEXT,
  title TEXT NOT NULL,
  description TEXT,
  task_type TEXT NOT NULL DEFAULT 'FOLLOW_UP',
  priority TEXT NOT NULL DEFAULT 'MEDIUM',
  due_at BIGINT,
  duration_min BIGINT NOT NULL DEFAULT 30,
  is_completed BIGINT NOT NULL DEFAULT 0,
  completed_at BIGINT,
  calendar_event_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX tasks_assignee_open_due ON tasks(assigned_to_id, is_completed, due_at);
CREATE INDEX tasks_lead_open_due ON tasks(lead_id, is_completed, due_at);
CREATE INDEX tasks_company_open_due ON tasks(company_id, is_completed, due_at);
CREATE INDEX tasks_run ON tasks(sequence_run_id);

CREATE TABLE tags (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category TEXT NOT NULL CHECK (category IN ('ICP', 'PRECALL', 'SPOKE', 'OUTCOME', 'CUSTOM')),
  color TEXT,
  description TEXT,
  sort_order BIGINT NOT NULL DEFAULT 0,
  is_active BIGINT NOT NULL DEFAULT 1,
  is_system BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE lead_tags (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  tag_id TEXT NOT NULL REFERENCES tags(id),
  applied_by_id TEXT REFERENCES users(id),
  applied_at BIGINT NOT NULL,
  removed_at BIGINT,
  removed_by_id TEXT REFERENCES users(id)
);
CREATE UNIQUE INDEX lead_tags_one_active ON lead_tags(lead_id, tag_id) WHERE removed_at IS NULL;
CREATE INDEX lead_tags_tag_active ON lead_tags(tag_id, removed_at);

CREATE TABLE sequence_runs (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL REFERENCES leads(id),
  tag_slug TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'COMPLETED', 'CANCELED')),
  current_step BIGINT NOT NULL DEFAULT 1,
  next_run_at BIGINT,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  cancel_reason TEXT,
  last_error TEXT
);
CREATE INDEX sequence_runs_lead_status ON sequence_runs(lead_id, status);
CREATE INDEX sequence_runs_due ON sequence_runs(status, next_run_at);

CREATE TABLE invoices (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  company_id TEXT NOT NULL REFERENCES companies(id),
  lead_id TEXT REFERENCES leads(id),
  status TEXT NOT NULL DEFAULT 'DRAFT'
    CHECK (status IN ('DRAFT', 'SENT', 'PARTIAL', 'PAID', 'VOID')),
  subtotal BIGINT NOT NULL DEFAULT 0,
  tax BIGINT NOT NULL DEFAULT 0,
  shipping_cost BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  amount_paid BIGINT NOT NULL DEFAULT 0,
  due_date BIGINT,
  notes TEXT,
  payment_token TEXT NOT NULL UNIQUE,
  sent_at BIGINT,
  paid_at BIGINT,
  created_by_id TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX invoices_company_status ON invoices(company_id, status);
CREATE INDEX invoices_lead ON invoices(lead_id);
CREATE INDEX invoices_status_created ON invoices(status, created_at);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES invoices(id),
  amount BIGINT NOT NULL,
  method TEXT NOT NULL,
  reference TEXT,
  notes TEXT,
  stripe_payment_id TEXT UNIQUE,
  received_at BIGINT NOT NULL,
  created_by_id TEXT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_received ON payments(received_at);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  serial_number TEXT NOT NULL UNIQUE,
  company_id TEXT REFERENCES companies(id),
  invoice_id TEXT REFERENCES invoices(id),
  model TEXT,
  status TEXT NOT NULL DEFAULT 'IN_STOCK'
    CHECK (status IN ('IN_STOCK', 'ASSIGNED', 'SHIPPED', 'ACTIVE', 'RETURNED', 'RETIRED')),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX devices_company ON devices(company_id, created_at);
CREATE INDEX devices_status ON devices(status, created_at);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  is_secret BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

INSERT INTO tags (id, slug, name, category, color, sort_order, is_system, created_at, updated_at) VALUES
  ('systag-icp-restaurant', 'icp-restaurant', 'Restaurant', 'ICP', '#2563eb', 10, 1, 0, 0),
  ('systag-icp-retail', 'icp-retail', 'Retail', 'ICP', '#2563eb', 11, 1, 0, 0),
  ('systag-icp-salon', 'icp-salon', 'Salon & Spa', 'ICP', '#2563eb', 12, 1, 0, 0),
  ('systag-icp-auto-repair', 'icp-auto-repair', 'Auto Repair', 'ICP', '#2563eb', 13, 1, 0, 0),
  ('systag-no-answer', 'no-answer', 'No Answer', 'PRECALL', '#f59e0b', 20, 1, 0, 0),
  ('systag-left-voicemail', 'left-voicemail', 'Left Voicemail', 'PRECALL', '#f59e0b', 21, 1, 0, 0),
  ('systag-gatekeeper', 'gatekeeper', 'Gatekeeper', 'PRECALL', '#f59e0b', 22, 1, 0, 0),
  ('systag-spoke-interested', 'spoke-interested', 'Spoke - Interested', 'SPOKE', '#10b981', 30, 1, 0, 0),
  ('systag-spoke-not-interested', 'spoke-not-interested', 'Spoke - Not Interested', 'SPOKE', '#6b7280', 31, 1, 0, 0),
  ('systag-spoke-callback', 'spoke-callback', 'Spoke - Callback', 'SPOKE', '#10b981', 32, 1, 0, 0),
  ('systag-spoke-send-info', 'spoke-send-info', 'Spoke - Send Info', 'SPOKE', '#10b981', 33, 1, 0, 0),
  ('systag-won', 'won', 'Won', 'OUTCOME', '#16a34a', 40, 1, 0, 0),
  ('systag-dnc', 'dnc', 'Do Not Contact', 'OUTCOME', '#dc2626', 41, 1, 0, 0);
)SQL";

inline constexpr std::string_view kSchemaV1TriggersSqlite = R"SQL(
CREATE TRIGGER activities_no_update BEFORE UPDATE ON activities
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
CREATE TRIGGER activities_no_delete BEFORE DELETE ON activities
BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
)SQL";

inline constexpr std::string_view kSchemaV1TriggersPostgres = R"SQL(
CREATE FUNCTION activities_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'activities are append-only'; END $$;
CREATE TRIGGER activities_no_update BEFORE UPDATE ON activities
  FOR EACH ROW EXECUTE FUNCTION activities_append_only();
CREATE TRIGGER activities_no_delete BEFORE DELETE ON activities
  FOR EACH ROW EXECUTE FUNCTION activities_append_only();
CREATE TRIGGER activities_no_truncate BEFORE TRUNCATE ON activities
  FOR EACH STATEMENT EXECUTE FUNCTION activities_append_only();
)SQL";

}  // namespace crm::storage
