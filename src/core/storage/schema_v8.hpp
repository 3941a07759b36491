#pragma once
// Migration 8: lists that cost what the page costs, not what the table holds (DOMAIN.md §19).
//
// - Visibility is denormalized where lists need it in an index: leads.scope and
//   activities.scope hold the rep who sees the row through its company ('' = everyone: the
//   shared pool, or no company; 'user:<id>' = an activity of no record, seen by its user only;
//   '!' = an activity of a record that no longer exists, seen by admins only), and
//   leads.in_pipeline whether the lead is on the board (no company, or a LEAD company).
//   Triggers keep them current when a company is reassigned or changes status, or a lead
//   changes company, so every write path (services, imports, webhooks) is covered.
// - list_counts holds the totals of the unfiltered and stage/status/type-filtered lists per
//   scope, the pipeline's count and revenue per stage and scope, and payments received per UTC
//   month and scope (the dashboard's month-to-date revenue), maintained by the same triggers in
//   the writing transaction. `crm doctor --recount` checks them against the rows.
// - Substring search goes through an index: FTS5 trigram tables on SQLite, pg_trgm GIN
//   indexes on PostgreSQL (the LIKE queries stay the same there).
//
// Activities stay append-only: only their derived `scope` may change.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV8Tables = R"SQL(
CREATE TABLE list_counts (
  list TEXT NOT NULL,
  scope TEXT NOT NULL,
  bucket TEXT NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  -- Revenue in two parts (cents / 10^9 and the remainder), as storage::money_sum reads it: each
  -- part stays far from overflow however many leads add to it.
  revenue_hi BIGINT NOT NULL DEFAULT 0,
  revenue_lo BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (list, scope, bucket)
);
ALTER TABLE leads ADD COLUMN scope TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN in_pipeline BIGINT NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN scope TEXT NOT NULL DEFAULT '';

-- List pages walk these newest first, ending in id so that ties need no sort and the page's
-- ids come from the index alone; they replace the (.., created_at) indexes of migration 1.
DROP INDEX leads_created;
DROP INDEX leads_stage_created;
DROP INDEX companies_created;
DROP INDEX companies_status_created;
DROP INDEX companies_rep_created;
DROP INDEX activities_created;
DROP INDEX activities_type_created;
CREATE INDEX leads_created_id ON leads(created_at, id);
CREATE INDEX leads_stage_created_id ON leads(stage, created_at, id);
CREATE INDEX leads_scope_created ON leads(scope, created_at, id);
CREATE INDEX leads_scope_stage_created ON leads(scope, stage, created_at, id);
CREATE INDEX leads_board ON leads(in_pipeline, stage, updated_at, id);
CREATE INDEX leads_scope_board ON leads(scope, in_pipeline, stage, updated_at, id);
CREATE INDEX companies_created_id ON companies(created_at, id);
CREATE INDEX companies_status_created_id ON companies(status, created_at, id);
CREATE INDEX companies_rep_created_id ON companies(assigned_rep_id, created_at, id);
CREATE INDEX companies_rep_status_created_id ON companies(assigned_rep_id, status, created_at, id);
CREATE INDEX activities_created_id ON activities(created_at, id);
CREATE INDEX activities_type_created_id ON activities(type, created_at, id);
CREATE INDEX activities_scope_created ON activities(scope, created_at, id);
CREATE INDEX activities_scope_type_created ON activities(scope, type, created_at, id);
)SQL";

// The rows that exist when the migration runs get their derived columns and counts here; the
// triggers take over from then on.
inline constexpr std::string_view kSchemaV8Backfill = R"SQL(
UPDATE leads SET
  scope = COALESCE((SELECT c.assigned_rep_id FROM companies c WHERE c.id = leads.company_id), ''),
  in_pipeline = CASE WHEN leads.company_id IS NULL THEN 1
    WHEN (SELECT c.status FROM companies c WHERE c.id = leads.company_id) = 'LEAD' THEN 1 ELSE 0 END;
UPDATE activities SET scope = CASE
  WHEN activities.company_id IS NOT NULL THEN
    COALESCE((SELECT COALESCE(c.assigned_rep_id, '') FROM companies c WHERE c.id = activities.company_id), '!')
  WHEN activities.lead_id IS NOT NULL THEN
    COALESCE((SELECT l.scope FROM leads l WHERE l.id = activities.lead_id), '!')
  ELSE 'user:' || COALESCE(activities.user_id, '') END;
INSERT INTO list_counts (list, scope, bucket, n)
  SELECT 'leads', scope, stage, COUNT(*) FROM leads GROUP BY scope, stage;
INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
  SELECT 'pipeline', scope, stage, COUNT(*), COALESCE(SUM(estimated_revenue / 1000000000), 0),
    COALESCE(SUM(estimated_revenue % 1000000000), 0) FROM leads
  WHERE in_pipeline = 1 GROUP BY scope, stage;
INSERT INTO list_counts (list, scope, bucket, n)
  SELECT 'companies', COALESCE(assigned_rep_id, ''), status, COUNT(*) FROM companies
  GROUP BY COALESCE(assigned_rep_id, ''), status;
INSERT INTO list_counts (list, scope, bucket, n)
  SELECT 'activities', scope, type, COUNT(*) FROM activities GROUP BY scope, type;
)SQL";

// Payments per UTC month ("YYYY-MM"), written per dialect: the month of an epoch-ms time.
inline constexpr std::string_view kSchemaV8PaymentsBackfillSqlite = R"SQL(
INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
  SELECT 'payments', COALESCE(c.assigned_rep_id, ''), strftime('%Y-%m', p.received_at / 1000, 'unixepoch'),
    COUNT(*), SUM(p.amount / 1000000000), SUM(p.amount % 1000000000)
  FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN companies c ON c.id = i.company_id
  GROUP BY 2, 3;
)SQL";

inline constexpr std::string_view kSchemaV8PaymentsBackfillPostgres = R"SQL(
CREATE FUNCTION crm_month(p_ms BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(to_timestamp(p_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')
$$;
INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
  SELECT 'payments', COALESCE(c.assigned_rep_id, ''), crm_month(p.received_at),
    COUNT(*), SUM(p.amount / 1000000000), SUM(p.amount % 1000000000)
  FROM payments p JOIN invoices i ON i.id = p.invoice_id JOIN companies c ON c.id = i.company_id
  GROUP BY 2, 3;
)SQL";

// SQLite: triggers cannot assign NEW, so derived columns are set by an UPDATE right after the
// insert, whose own trigger moves the counts. Additions commute, so the order in which the
// triggers of one statement fire does not matter.
// Activities may change their derived scope, nothing else.
inline constexpr std::string_view kSchemaV8AppendOnlySqlite = R"SQL(
DROP TRIGGER activities_no_update;
CREATE TRIGGER activities_no_update BEFORE UPDATE OF id, type, lead_id, company_id, user_id, data, created_at
ON activities BEGIN SELECT RAISE(ABORT, 'activities are append-only'); END;
)SQL";

inline constexpr std::string_view kSchemaV8Sqlite = R"SQL(

CREATE TRIGGER leads_counts_insert AFTER INSERT ON leads BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'leads', NEW.scope, NEW.stage, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'pipeline', NEW.scope, NEW.stage, 1, (COALESCE(NEW.estimated_revenue, 0) / 1000000000), (COALESCE(NEW.estimated_revenue, 0) % 1000000000)
      WHERE NEW.in_pipeline = 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
  UPDATE leads SET
    scope = COALESCE((SELECT c.assigned_rep_id FROM companies c WHERE c.id = NEW.company_id), ''),
    in_pipeline = CASE WHEN NEW.company_id IS NULL THEN 1
      WHEN (SELECT c.status FROM companies c WHERE c.id = NEW.company_id) = 'LEAD' THEN 1 ELSE 0 END
  WHERE id = NEW.id;
END;

CREATE TRIGGER leads_derive_company AFTER UPDATE OF company_id ON leads
WHEN NEW.company_id IS NOT OLD.company_id BEGIN
  UPDATE leads SET
    scope = COALESCE((SELECT c.assigned_rep_id FROM companies c WHERE c.id = NEW.company_id), ''),
    in_pipeline = CASE WHEN NEW.company_id IS NULL THEN 1
      WHEN (SELECT c.status FROM companies c WHERE c.id = NEW.company_id) = 'LEAD' THEN 1 ELSE 0 END
  WHERE id = NEW.id;
END;

CREATE TRIGGER leads_counts_update AFTER UPDATE OF stage, scope, in_pipeline, estimated_revenue ON leads
WHEN NEW.stage IS NOT OLD.stage OR NEW.scope IS NOT OLD.scope OR NEW.in_pipeline IS NOT OLD.in_pipeline
  OR NEW.estimated_revenue IS NOT OLD.estimated_revenue BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'leads', OLD.scope, OLD.stage, -1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'leads', NEW.scope, NEW.stage, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'pipeline', OLD.scope, OLD.stage, -1, -(COALESCE(OLD.estimated_revenue, 0) / 1000000000), -(COALESCE(OLD.estimated_revenue, 0) % 1000000000)
      WHERE OLD.in_pipeline = 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'pipeline', NEW.scope, NEW.stage, 1, (COALESCE(NEW.estimated_revenue, 0) / 1000000000), (COALESCE(NEW.estimated_revenue, 0) % 1000000000)
      WHERE NEW.in_pipeline = 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
  UPDATE activities SET scope = NEW.scope
  WHERE NEW.scope IS NOT OLD.scope AND lead_id = NEW.id AND company_id IS NULL;
END;

CREATE TRIGGER leads_counts_delete AFTER DELETE ON leads BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'leads', OLD.scope, OLD.stage, -1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'pipeline', OLD.scope, OLD.stage, -1, -(COALESCE(OLD.estimated_revenue, 0) / 1000000000), -(COALESCE(OLD.estimated_revenue, 0) % 1000000000)
      WHERE OLD.in_pipeline = 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
END;

CREATE TRIGGER companies_counts_insert AFTER INSERT ON companies BEGIN
  INSERT INTO list_counts (list, scope, bucket, n)
    SELECT 'companies', COALESCE(NEW.assigned_rep_id, ''), NEW.status, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER companies_counts_update AFTER UPDATE OF assigned_rep_id, status ON companies
WHEN NEW.assigned_rep_id IS NOT OLD.assigned_rep_id OR NEW.status IS NOT OLD.status BEGIN
  INSERT INTO list_counts (list, scope, bucket, n)
    SELECT 'companies', COALESCE(OLD.assigned_rep_id, ''), OLD.status, -1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n)
    SELECT 'companies', COALESCE(NEW.assigned_rep_id, ''), NEW.status, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  UPDATE leads SET scope = COALESCE(NEW.assigned_rep_id, ''),
    in_pipeline = CASE WHEN NEW.status = 'LEAD' THEN 1 ELSE 0 END
  WHERE company_id = NEW.id AND (scope IS NOT COALESCE(NEW.assigned_rep_id, '')
    OR in_pipeline IS NOT CASE WHEN NEW.status = 'LEAD' THEN 1 ELSE 0 END);
  UPDATE activities SET scope = COALESCE(NEW.assigned_rep_id, '')
  WHERE NEW.assigned_rep_id IS NOT OLD.assigned_rep_id AND company_id = NEW.id;
  -- The company's payments follow it to its new rep, month by month.
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'payments', COALESCE(OLD.assigned_rep_id, ''), strftime('%Y-%m', p.received_at / 1000, 'unixepoch'),
      -COUNT(*), -SUM(p.amount / 1000000000), -SUM(p.amount % 1000000000)
    FROM payments p JOIN invoices i ON i.id = p.invoice_id
    WHERE NEW.assigned_rep_id IS NOT OLD.assigned_rep_id AND i.company_id = NEW.id GROUP BY 3
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'payments', COALESCE(NEW.assigned_rep_id, ''), strftime('%Y-%m', p.received_at / 1000, 'unixepoch'),
      COUNT(*), SUM(p.amount / 1000000000), SUM(p.amount % 1000000000)
    FROM payments p JOIN invoices i ON i.id = p.invoice_id
    WHERE NEW.assigned_rep_id IS NOT OLD.assigned_rep_id AND i.company_id = NEW.id GROUP BY 3
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
END;

CREATE TRIGGER payments_counts_insert AFTER INSERT ON payments BEGIN
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'payments', COALESCE(c.assigned_rep_id, ''), strftime('%Y-%m', NEW.received_at / 1000, 'unixepoch'),
      1, NEW.amount / 1000000000, NEW.amount % 1000000000
    FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = NEW.invoice_id
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
END;

CREATE TRIGGER payments_counts_delete AFTER DELETE ON payments BEGIN
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'payments', COALESCE(c.assigned_rep_id, ''), strftime('%Y-%m', OLD.received_at / 1000, 'unixepoch'),
      -1, -(OLD.amount / 1000000000), -(OLD.amount % 1000000000)
    FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = OLD.invoice_id
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
END;

CREATE TRIGGER payments_counts_update AFTER UPDATE OF amount, received_at, invoice_id ON payments BEGIN
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'payments', COALESCE(c.assigned_rep_id, ''), strftime('%Y-%m', OLD.received_at / 1000, 'unixepoch'),
      -1, -(OLD.amount / 1000000000), -(OLD.amount % 1000000000)
    FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = OLD.invoice_id
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'payments', COALESCE(c.assigned_rep_id, ''), strftime('%Y-%m', NEW.received_at / 1000, 'unixepoch'),
      1, NEW.amount / 1000000000, NEW.amount % 1000000000
    FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = NEW.invoice_id
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
END;

CREATE TRIGGER companies_counts_delete AFTER DELETE ON companies BEGIN
  INSERT INTO list_counts (list, scope, bucket, n)
    SELECT 'companies', COALESCE(OLD.assigned_rep_id, ''), OLD.status, -1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER activities_counts_insert AFTER INSERT ON activities BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'activities', NEW.scope, NEW.type, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  UPDATE activities SET scope = CASE
    WHEN NEW.company_id IS NOT NULL THEN
      COALESCE((SELECT COALESCE(c.assigned_rep_id, '') FROM companies c WHERE c.id = NEW.company_id), '!')
    WHEN NEW.lead_id IS NOT NULL THEN COALESCE((SELECT l.scope FROM leads l WHERE l.id = NEW.lead_id), '!')
    ELSE 'user:' || COALESCE(NEW.user_id, '') END
  WHERE id = NEW.id;
END;

CREATE TRIGGER activities_counts_update AFTER UPDATE OF scope ON activities
WHEN NEW.scope IS NOT OLD.scope BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'activities', OLD.scope, OLD.type, -1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'activities', NEW.scope, NEW.type, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
END;

CREATE VIRTUAL TABLE contacts_search USING fts5(
  full_name, email_normalized, phone_digits, content='contacts', content_rowid='rowid', tokenize='trigram');
INSERT INTO contacts_search (rowid, full_name, email_normalized, phone_digits)
  SELECT rowid, full_name, COALESCE(email_normalized, ''), COALESCE(phone_digits, '') FROM contacts;
CREATE TRIGGER contacts_search_insert AFTER INSERT ON contacts BEGIN
  INSERT INTO contacts_search (rowid, full_name, email_normalized, phone_digits)
  VALUES (NEW.rowid, NEW.full_name, COALESCE(NEW.email_normalized, ''), COALESCE(NEW.phone_digits, ''));
END;
CREATE TRIGGER contacts_search_delete AFTER DELETE ON contacts BEGIN
  INSERT INTO contacts_search (contacts_search, rowid, full_name, email_normalized, phone_digits)
  VALUES ('delete', OLD.rowid, OLD.full_name, COALESCE(OLD.email_normalized, ''), COALESCE(OLD.phone_digits, ''));
END;
CREATE TRIGGER contacts_search_update AFTER UPDATE OF full_name, email_normalized, phone_digits ON contacts BEGIN
  INSERT INTO contacts_search (contacts_search, rowid, full_name, email_normalized, phone_digits)
  VALUES ('delete', OLD.rowid, OLD.full_name, COALESCE(OLD.email_normalized, ''), COALESCE(OLD.phone_digits, ''));
  INSERT INTO contacts_search (rowid, full_name, email_normalized, phone_digits)
  VALUES (NEW.rowid, NEW.full_name, COALESCE(NEW.email_normalized, ''), COALESCE(NEW.phone_digits, ''));
END;

CREATE VIRTUAL TABLE companies_search USING fts5(
  name, phone_digits, content='companies', content_rowid='rowid', tokenize='trigram');
INSERT INTO companies_search (rowid, name, phone_digits)
  SELECT rowid, name, COALESCE(phone_digits, '') FROM companies;
CREATE TRIGGER companies_search_insert AFTER INSERT ON companies BEGIN
  INSERT INTO companies_search (rowid, name, phone_digits) VALUES (NEW.rowid, NEW.name, COALESCE(NEW.phone_digits, ''));
END;
CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN
  INSERT INTO companies_search (companies_search, rowid, name, phone_digits)
  VALUES ('delete', OLD.rowid, OLD.name, COALESCE(OLD.phone_digits, ''));
END;
CREATE TRIGGER companies_search_update AFTER UPDATE OF name, phone_digits ON companies BEGIN
  INSERT INTO companies_search (companies_search, rowid, name, phone_digits)
  VALUES ('delete', OLD.rowid, OLD.name, COALESCE(OLD.phone_digits, ''));
  INSERT INTO companies_search (rowid, name, phone_digits) VALUES (NEW.rowid, NEW.name, COALESCE(NEW.phone_digits, ''));
END;
)SQL";

// PostgreSQL: BEFORE triggers derive the columns of the row being written; AFTER triggers move
// the counts. pg_trgm (in the `public` schema, so every schema of the database can use it)
// serves the substring searches through GIN indexes.
inline constexpr std::string_view kSchemaV8AppendOnlyPostgres = R"SQL(
DROP TRIGGER activities_no_update ON activities;
CREATE TRIGGER activities_no_update BEFORE UPDATE OF id, type, lead_id, company_id, user_id, data, created_at
  ON activities FOR EACH ROW EXECUTE FUNCTION activities_append_only();
)SQL";

inline constexpr std::string_view kSchemaV8Postgres = R"SQL(

CREATE FUNCTION crm_bump(p_list TEXT, p_scope TEXT, p_bucket TEXT, p_n BIGINT, p_revenue BIGINT)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
  VALUES (p_list, p_scope, p_bucket, p_n, p_revenue / 1000000000, p_revenue % 1000000000)
  ON CONFLICT (list, scope, bucket) DO UPDATE
    SET n = list_counts.n + EXCLUDED.n, revenue_hi = list_counts.revenue_hi + EXCLUDED.revenue_hi,
      revenue_lo = list_counts.revenue_lo + EXCLUDED.revenue_lo
$$;

CREATE FUNCTION leads_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.company_id IS NULL THEN
    NEW.scope := ''; NEW.in_pipeline := 1;
  ELSE
    SELECT COALESCE(c.assigned_rep_id, ''), CASE WHEN c.status = 'LEAD' THEN 1 ELSE 0 END
      INTO NEW.scope, NEW.in_pipeline FROM companies c WHERE c.id = NEW.company_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER leads_derive_insert BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION leads_derive();
CREATE TRIGGER leads_derive_company BEFORE UPDATE OF company_id ON leads
  FOR EACH ROW WHEN (NEW.company_id IS DISTINCT FROM OLD.company_id) EXECUTE FUNCTION leads_derive();

CREATE FUNCTION leads_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM crm_bump('leads', OLD.scope, OLD.stage, -1, 0);
    IF OLD.in_pipeline = 1 THEN
      PERFORM crm_bump('pipeline', OLD.scope, OLD.stage, -1, -COALESCE(OLD.estimated_revenue, 0));
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM crm_bump('leads', NEW.scope, NEW.stage, 1, 0);
    IF NEW.in_pipeline = 1 THEN
      PERFORM crm_bump('pipeline', NEW.scope, NEW.stage, 1, COALESCE(NEW.estimated_revenue, 0));
    END IF;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.scope IS DISTINCT FROM OLD.scope THEN
    UPDATE activities SET scope = NEW.scope WHERE lead_id = NEW.id AND company_id IS NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER leads_counts_insert AFTER INSERT ON leads FOR EACH ROW EXECUTE FUNCTION leads_counts();
CREATE TRIGGER leads_counts_delete AFTER DELETE ON leads FOR EACH ROW EXECUTE FUNCTION leads_counts();
CREATE TRIGGER leads_counts_update AFTER UPDATE OF stage, scope, in_pipeline, estimated_revenue, company_id ON leads
  FOR EACH ROW WHEN (NEW.stage IS DISTINCT FROM OLD.stage OR NEW.scope IS DISTINCT FROM OLD.scope
    OR NEW.in_pipeline IS DISTINCT FROM OLD.in_pipeline
    OR NEW.estimated_revenue IS DISTINCT FROM OLD.estimated_revenue)
  EXECUTE FUNCTION leads_counts();

CREATE FUNCTION companies_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM crm_bump('companies', COALESCE(OLD.assigned_rep_id, ''), OLD.status, -1, 0);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM crm_bump('companies', COALESCE(NEW.assigned_rep_id, ''), NEW.status, 1, 0);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    UPDATE leads SET scope = COALESCE(NEW.assigned_rep_id, ''),
      in_pipeline = CASE WHEN NEW.status = 'LEAD' THEN 1 ELSE 0 END
    WHERE company_id = NEW.id AND (scope IS DISTINCT FROM COALESCE(NEW.assigned_rep_id, '')
      OR in_pipeline IS DISTINCT FROM CASE WHEN NEW.status = 'LEAD' THEN 1 ELSE 0 END);
    IF NEW.assigned_rep_id IS DISTINCT FROM OLD.assigned_rep_id THEN
      UPDATE activities SET scope = COALESCE(NEW.assigned_rep_id, '') WHERE company_id = NEW.id;
      -- The company's payments follow it to its new rep, month by month.
      PERFORM crm_bump('payments', COALESCE(OLD.assigned_rep_id, ''), m.month, -m.n, -m.amount)
        FROM (SELECT crm_month(p.received_at) AS month, COUNT(*) AS n, CAST(SUM(p.amount) AS BIGINT) AS amount
              FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.company_id = NEW.id
              GROUP BY 1) m;
      PERFORM crm_bump('payments', COALESCE(NEW.assigned_rep_id, ''), m.month, m.n, m.amount)
        FROM (SELECT crm_month(p.received_at) AS month, COUNT(*) AS n, CAST(SUM(p.amount) AS BIGINT) AS amount
              FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE i.company_id = NEW.id
              GROUP BY 1) m;
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER companies_counts_insert AFTER INSERT ON companies FOR EACH ROW EXECUTE FUNCTION companies_counts();
CREATE TRIGGER companies_counts_delete AFTER DELETE ON companies FOR EACH ROW EXECUTE FUNCTION companies_counts();
CREATE TRIGGER companies_counts_update AFTER UPDATE OF assigned_rep_id, status ON companies
  FOR EACH ROW WHEN (NEW.assigned_rep_id IS DISTINCT FROM OLD.assigned_rep_id OR NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION companies_counts();

CREATE FUNCTION payments_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM crm_bump('payments', COALESCE(c.assigned_rep_id, ''), crm_month(OLD.received_at), -1, -OLD.amount)
      FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = OLD.invoice_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM crm_bump('payments', COALESCE(c.assigned_rep_id, ''), crm_month(NEW.received_at), 1, NEW.amount)
      FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = NEW.invoice_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_counts_insert AFTER INSERT ON payments FOR EACH ROW EXECUTE FUNCTION payments_counts();
CREATE TRIGGER payments_counts_delete AFTER DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_counts();
CREATE TRIGGER payments_counts_update AFTER UPDATE OF amount, received_at, invoice_id ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_counts();

CREATE FUNCTION activities_derive() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.company_id IS NOT NULL THEN
    NEW.scope := COALESCE((SELECT COALESCE(c.assigned_rep_id, '') FROM companies c WHERE c.id = NEW.company_id), '!');
  ELSIF NEW.lead_id IS NOT NULL THEN
    NEW.scope := COALESCE((SELECT l.scope FROM leads l WHERE l.id = NEW.lead_id), '!');
  ELSE
    NEW.scope := 'user:' || COALESCE(NEW.user_id, '');
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER activities_derive_insert BEFORE INSERT ON activities FOR EACH ROW EXECUTE FUNCTION activities_derive();

CREATE FUNCTION activities_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM crm_bump('activities', OLD.scope, OLD.type, -1, 0);
  END IF;
  PERFORM crm_bump('activities', NEW.scope, NEW.type, 1, 0);
  RETURN NULL;
END $$;
CREATE TRIGGER activities_counts_insert AFTER INSERT ON activities FOR EACH ROW EXECUTE FUNCTION activities_counts();
CREATE TRIGGER activities_counts_update AFTER UPDATE OF scope ON activities
  FOR EACH ROW WHEN (NEW.scope IS DISTINCT FROM OLD.scope) EXECUTE FUNCTION activities_counts();

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX contacts_full_name_trgm ON contacts USING gin (lower(full_name) public.gin_trgm_ops);
CREATE INDEX contacts_email_trgm ON contacts USING gin (email_normalized public.gin_trgm_ops);
CREATE INDEX contacts_phone_trgm ON contacts USING gin (phone_digits public.gin_trgm_ops);
CREATE INDEX companies_name_trgm ON companies USING gin (lower(name) public.gin_trgm_ops);
CREATE INDEX companies_phone_trgm ON companies USING gin (phone_digits public.gin_trgm_ops);
)SQL";

}  // namespace crm::storage
