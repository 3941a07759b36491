#pragma once
// Migration 10: SQLite writes a new lead or activity once, not twice.
//
// Migration 8's insert triggers on SQLite derived the new row's `scope` (and a lead's
// `in_pipeline`) with an UPDATE of the row just inserted, always: every index of the row was
// written twice and the update's count trigger moved the counts a second time. The writers
// (lead_writer::insert, activity::append) now supply the derived values in the INSERT, and the
// derivation runs only WHEN the inserted values differ from what the company (or lead) says, so
// any other insert (an import's, a bulk load's with its triggers back) still ends up right.
// PostgreSQL already derives them in a BEFORE trigger, before the row is written: no change there.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV10Sqlite = R"SQL(
DROP TRIGGER leads_counts_insert;
CREATE TRIGGER leads_counts_insert AFTER INSERT ON leads BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'leads', NEW.scope, NEW.stage, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
  INSERT INTO list_counts (list, scope, bucket, n, revenue_hi, revenue_lo)
    SELECT 'pipeline', NEW.scope, NEW.stage, 1, (COALESCE(NEW.estimated_revenue, 0) / 1000000000), (COALESCE(NEW.estimated_revenue, 0) % 1000000000)
      WHERE NEW.in_pipeline = 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n,
      revenue_hi = revenue_hi + excluded.revenue_hi, revenue_lo = revenue_lo + excluded.revenue_lo;
END;
CREATE TRIGGER leads_derive_insert AFTER INSERT ON leads
WHEN NEW.scope IS NOT COALESCE((SELECT c.assigned_rep_id FROM companies c WHERE c.id = NEW.company_id), '')
  OR NEW.in_pipeline IS NOT CASE WHEN NEW.company_id IS NULL THEN 1
    WHEN (SELECT c.status FROM companies c WHERE c.id = NEW.company_id) = 'LEAD' THEN 1 ELSE 0 END
BEGIN
  UPDATE leads SET
    scope = COALESCE((SELECT c.assigned_rep_id FROM companies c WHERE c.id = NEW.company_id), ''),
    in_pipeline = CASE WHEN NEW.company_id IS NULL THEN 1
      WHEN (SELECT c.status FROM companies c WHERE c.id = NEW.company_id) = 'LEAD' THEN 1 ELSE 0 END
  WHERE id = NEW.id;
END;

DROP TRIGGER activities_counts_insert;
CREATE TRIGGER activities_counts_insert AFTER INSERT ON activities BEGIN
  INSERT INTO list_counts (list, scope, bucket, n) SELECT 'activities', NEW.scope, NEW.type, 1 WHERE 1
    ON CONFLICT (list, scope, bucket) DO UPDATE SET n = n + excluded.n;
END;
CREATE TRIGGER activities_derive_insert AFTER INSERT ON activities
WHEN NEW.scope IS NOT CASE
    WHEN NEW.company_id IS NOT NULL THEN
      COALESCE((SELECT COALESCE(c.assigned_rep_id, '') FROM companies c WHERE c.id = NEW.company_id), '!')
    WHEN NEW.lead_id IS NOT NULL THEN COALESCE((SELECT l.scope FROM leads l WHERE l.id = NEW.lead_id), '!')
    ELSE 'user:' || COALESCE(NEW.user_id, '') END
BEGIN
  UPDATE activities SET scope = CASE
    WHEN NEW.company_id IS NOT NULL THEN
      COALESCE((SELECT COALESCE(c.assigned_rep_id, '') FROM companies c WHERE c.id = NEW.company_id), '!')
    WHEN NEW.lead_id IS NOT NULL THEN COALESCE((SELECT l.scope FROM leads l WHERE l.id = NEW.lead_id), '!')
    ELSE 'user:' || COALESCE(NEW.user_id, '') END
  WHERE id = NEW.id;
END;
)SQL";

}  // namespace crm::storage
