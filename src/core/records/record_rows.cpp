#include "core/records/record_rows.hpp"

#include <initializer_list>

#include "core/records/row_reader.hpp"
#include "core/storage/money_sum.hpp"

namespace crm::rows {

std::string company_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id",
                      "name",
                      "website",
                      "phone",
                      "industry",
                      "icp_tag",
                      "business_label",
                      "status",
                      "source",
                      "vendor",
                      "sales_note",
                      "taxable",
                      "assigned_rep_id",
                      "description",
                      "google_rating",
                      "google_review_count",
                      "hero_photo_url",
                      "maps_url",
                      "time_zone",
                      "created_at",
                      "updated_at"});
}

Company row_to_company(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  Company c;
  c.id = r.text("id");
  c.name = r.text("name");
  c.website = r.opt("website");
  c.phone = r.opt("phone");
  c.industry = r.opt("industry");
  c.icp_tag = r.opt("icp_tag");
  c.business_label = r.opt("business_label");
  c.status = parse_company_status(r.text("status")).value_or(CompanyStatus::kLead);
  c.source = r.opt("source");
  c.vendor = r.opt("vendor");
  c.sales_note = r.opt("sales_note");
  c.taxable = r.boolean("taxable");
  c.assigned_rep_id = r.opt("assigned_rep_id");
  c.description = r.opt("description");
  if (!r.is_null("google_rating")) c.google_rating = row.real(r.name("google_rating"));
  c.google_review_count = r.opt_int("google_review_count");
  c.hero_photo_url = r.opt("hero_photo_url");
  c.maps_url = r.opt("maps_url");
  c.time_zone = r.opt("time_zone");
  c.created_at = r.integer("created_at");
  c.updated_at = r.integer("updated_at");
  return c;
}

std::string company_summary_columns(std::string_view a, std::string_view p) {
  return select_list(a, p, {"id", "name", "status", "icp_tag", "assigned_rep_id"});
}

namespace {

// The mappers below read through a Reader (copies), a Taker (moves out of the row) or a
// ViewReader (a RowView's columns in SELECT-list order).
template <class R>
CompanySummary company_summary_from(const R& r) {
  CompanySummary c{r.text("id"), r.text("name"), CompanyStatus::kLead, std::nullopt, std::nullopt};
  c.status = parse_company_status(r.text("status")).value_or(CompanyStatus::kLead);
  c.icp_tag = r.opt("icp_tag");
  c.assigned_rep_id = r.opt("assigned_rep_id");
  return c;
}

template <class R>
Contact contact_from(const R& r) {
  Contact c;
  c.id = r.text("id");
  c.company_id = r.opt("company_id");
  c.first_name = r.text("first_name");
  c.last_name = r.text("last_name");
  c.full_name = r.text("full_name");
  c.email = r.opt("email");
  c.email_normalized = r.opt("email_normalized");
  c.phone = r.opt("phone");
  c.phone_e164 = r.opt("phone_e164");
  c.title = r.opt("title");
  c.source = r.opt("source");
  c.is_sms_eligible = r.boolean("is_sms_eligible");
  c.notes = r.opt("notes");
  c.email_status = r.text("email_status");
  c.email_verified_at = r.opt_int("email_verified_at");
  c.phone_type = r.text("phone_type");
  c.phone_verified_at = r.opt_int("phone_verified_at");
  c.time_zone = r.opt("time_zone");
  c.created_at = r.integer("created_at");
  c.updated_at = r.integer("updated_at");
  return c;
}

template <class R>
Lead lead_from(const R& r) {
  Lead l;
  l.id = r.text("id");
  l.contact_id = r.text("contact_id");
  l.company_id = r.opt("company_id");
  l.owner_id = r.opt("owner_id");
  l.stage = parse_lead_stage(r.text("stage")).value_or(LeadStage::kNewLead);
  l.stage_changed_at = r.opt_int("stage_changed_at");
  l.source = r.opt("source");
  l.source_campaign = r.opt("source_campaign");
  l.estimated_units = r.opt_int("estimated_units");
  l.estimated_revenue = r.opt_int("estimated_revenue");
  l.lost_reason = r.opt("lost_reason");
  l.won_at = r.opt_int("won_at");
  l.is_dnc = r.boolean("is_dnc");
  l.created_at = r.integer("created_at");
  l.updated_at = r.integer("updated_at");
  return l;
}

template <class R>
Task task_from(const R& r) {
  Task t;
  t.id = r.text("id");
  t.lead_id = r.opt("lead_id");
  t.company_id = r.opt("company_id");
  t.assigned_to_id = r.opt("assigned_to_id");
  t.created_by_id = r.opt("created_by_id");
  t.sequence_run_id = r.opt("sequence_run_id");
  t.title = r.text("title");
  t.description = r.opt("description");
  t.task_type = r.text("task_type");
  t.priority = r.text("priority");
  t.due_at = r.opt_int("due_at");
  t.duration_min = static_cast<int>(r.integer("duration_min"));
  t.is_completed = r.boolean("is_completed");
  t.completed_at = r.opt_int("completed_at");
  t.created_at = r.integer("created_at");
  t.updated_at = r.integer("updated_at");
  return t;
}

}  // namespace

CompanySummary row_to_company_summary(const sql::Row& row, std::string_view p) {
  return company_summary_from(Reader{row, p});
}
CompanySummary take_company_summary(sql::Row& row, std::string_view p) {
  return company_summary_from(Taker{row, p});
}
CompanySummary read_company_summary(const sql::RowView& row, int& at, std::string_view p) {
  return company_summary_from(ViewReader{row, p, at});
}

std::string contact_columns(std::string_view a, std::string_view p) {
  return select_list(
      a, p, {"id",         "company_id",        "first_name", "last_name",    "full_name",
             "email",      "email_normalized",  "phone",      "phone_e164",   "title",
             "source",     "is_sms_eligible",   "notes",      "email_status", "email_verified_at",
             "phone_type", "phone_verified_at", "time_zone",  "created_at",   "updated_at"});
}

Contact row_to_contact(const sql::Row& row, std::string_view p) {
  return contact_from(Reader{row, p});
}
Contact take_contact(sql::Row& row, std::string_view p) { return contact_from(Taker{row, p}); }
Contact read_contact(const sql::RowView& row, int& at, std::string_view p) {
  return contact_from(ViewReader{row, p, at});
}

std::string lead_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id", "contact_id", "company_id", "owner_id", "stage", "stage_changed_at",
                      "source", "source_campaign", "estimated_units", "estimated_revenue",
                      "lost_reason", "won_at", "is_dnc", "created_at", "updated_at"});
}

Lead row_to_lead(const sql::Row& row, std::string_view p) { return lead_from(Reader{row, p}); }
Lead take_lead(sql::Row& row, std::string_view p) { return lead_from(Taker{row, p}); }
Lead read_lead(const sql::RowView& row, int& at, std::string_view p) {
  return lead_from(ViewReader{row, p, at});
}

std::string task_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id", "lead_id", "company_id", "assigned_to_id", "created_by_id",
                      "sequence_run_id", "title", "description", "task_type", "priority", "due_at",
                      "duration_min", "is_completed", "completed_at", "created_at", "updated_at"});
}

Task row_to_task(const sql::Row& row, std::string_view p) { return task_from(Reader{row, p}); }
Task take_task(sql::Row& row, std::string_view p) { return task_from(Taker{row, p}); }
Task read_task(const sql::RowView& row, int& at, std::string_view p) {
  return task_from(ViewReader{row, p, at});
}

std::string user_summary_columns(std::string_view a, std::string_view p) {
  return select_list(a, p, {"id", "email", "first_name", "last_name"});
}

std::optional<UserSummary> row_to_user_summary(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  if (r.is_null("id")) return std::nullopt;
  return UserSummary{r.text("id"), r.text("email"), r.text("first_name"), r.text("last_name")};
}

std::string activity_columns(std::string_view a, std::string_view p) {
  return select_list(a, p,
                     {"id", "type", "lead_id", "company_id", "user_id", "data", "created_at"});
}

Activity row_to_activity(const sql::Row& row, std::string_view p) {
  const Reader r{row, p};
  Activity a;
  a.id = r.text("id");
  a.type = r.text("type");
  a.lead_id = r.opt("lead_id");
  a.company_id = r.opt("company_id");
  a.user_id = r.opt("user_id");
  a.data_json = r.text("data");
  a.created_at = r.integer("created_at");
  return a;
}

Activity row_to_activity_with_user(const sql::Row& row, std::string_view prefix,
                                   std::string_view user_prefix) {
  Activity a = row_to_activity(row, prefix);
  a.user = row_to_user_summary(row, user_prefix);
  return a;
}

std::vector<InvoiceSummary> invoice_summaries(sql::Connection& conn, std::string_view owner_column,
                                              std::string_view owner_id) {
  const std::string sql =
      "SELECT id, number, status, total, amount_paid, due_date, lead_id, created_at FROM invoices "
      "WHERE " +
      std::string(owner_column == "lead_id" ? "lead_id" : "company_id") +
      " = ? ORDER BY created_at DESC, id DESC";
  return conn.query(sql, owner_id).map([](const sql::Row& r) {
    const Cents total = r.integer("total");
    const Cents paid = r.integer("amount_paid");
    return InvoiceSummary{r.text("id"),
                          r.text("number"),
                          r.text("status"),
                          total,
                          paid,
                          storage::saturating_sub(total, paid),
                          r.opt_integer("due_date"),
                          r.opt_text("lead_id"),
                          r.integer("created_at")};
  });
}

std::string task_order(std::string_view a) {
  const std::string alias(a);
  return alias + ".due_at IS NULL, " + alias + ".due_at, " + alias + ".created_at";
}

}  // namespace crm::rows
