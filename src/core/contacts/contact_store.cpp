#include "core/contacts/contact_store.hpp"

#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "crm/error.hpp"

namespace crm::contact_store {

std::optional<Contact> find(sql::Connection& conn, std::string_view id) {
  const auto res = conn.query(
      "SELECT " + rows::contact_columns("ct", "") + " FROM contacts ct WHERE ct.id = ?", id);
  if (res.empty()) return std::nullopt;
  return rows::row_to_contact(res.first(), "");
}

std::vector<Contact> of_company(sql::Connection& conn, std::string_view company_id) {
  return conn
      .query("SELECT " + rows::contact_columns("x", "") +
                 " FROM contacts x WHERE x.company_id = ? ORDER BY x.created_at, x.id",
             company_id)
      .map([](const sql::Row& r) { return rows::row_to_contact(r, ""); });
}

Contact require_visible(sql::Connection& conn, const Actor& actor, std::string_view id,
                        sql::Lock lock) {
  const auto res = conn.query("SELECT " + rows::contact_columns("ct", "") +
                                  ", c.assigned_rep_id AS company_rep_id FROM contacts ct "
                                  "LEFT JOIN companies c ON c.id = ct.company_id WHERE ct.id = ?" +
                                  conn.lock_clause(lock, "ct"),
                              id);
  if (res.empty()) throw Error::not_found("Contact not found");
  Contact contact = rows::row_to_contact(res.first(), "");
  if (contact.company_id &&
      !visibility::can_see_company_rep(actor, res.first().opt_text("company_rep_id")))
    throw Error::not_found("Contact not found");
  return contact;
}

void ensure_email_free(sql::Connection& conn, std::string_view email_normalized,
                       std::optional<std::string_view> except_id) {
  const auto res =
      conn.query("SELECT id, company_id FROM contacts WHERE email_normalized = ? AND id <> ?",
                 email_normalized, except_id.value_or(""));
  if (res.empty()) return;
  std::map<std::string, std::string> details{{"existingContactId", res.first().text("id")}};
  if (auto company_id = res.first().opt_text("company_id"))
    details["existingCompanyId"] = *company_id;
  throw Error(ErrorCode::kConflict, "A contact with this email already exists", std::move(details));
}

}  // namespace crm::contact_store
