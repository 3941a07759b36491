#include "core/activity/activity_log.hpp"
#include "core/contacts/contact_store.hpp"
#include "core/contacts/contact_writer.hpp"
#include "core/lists/text_search.hpp"
#include "core/records/record_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/text.hpp"
#include "crm/contacts.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

std::optional<CompanySummary> company_summary(sql::Connection& conn,
                                              const std::optional<std::string>& id) {
  if (!id) return std::nullopt;
  const auto res = conn.query(
      "SELECT " + rows::company_columns("c", "") + " FROM companies c WHERE c.id = ?", *id);
  if (res.empty()) return std::nullopt;
  return rows::row_to_company_summary(res.first(), "");
}

}  // namespace

ContactService::ContactService(detail::Runtime& rt) : rt_(rt) {}

Page<ContactListItem> ContactService::list(const Actor& actor, const ContactQuery& query) {
  auto tx = rt_.db->read();
  std::vector<sql::Value> params;
  std::string where = " FROM contacts ct LEFT JOIN companies c ON c.id = ct.company_id WHERE " +
                      visibility::optional_company_condition(actor, "ct.company_id", "c", params);
  if (query.search && !text::trim(*query.search).empty())
    where += " AND " +
             lists::contact_match_condition(tx->connection(), text::trim(*query.search), params);
  if (query.company_id) {
    where += " AND ct.company_id = ?";
    params.emplace_back(*query.company_id);
  }

  const std::int64_t total =
      tx->connection().run("SELECT COUNT(*) AS n" + where, params).first().integer("n");
  auto page_params = params;
  page_params.emplace_back(std::int64_t{query.page.limit});
  page_params.emplace_back(query.page.offset());
  const auto res = tx->connection().run(
      "SELECT " + rows::contact_columns("ct", "ct_") + ", " + rows::company_columns("c", "c_") +
          where + " ORDER BY ct.created_at DESC, ct.id DESC LIMIT ? OFFSET ?",
      page_params);
  Page<ContactListItem> page;
  page.info = make_page_info(query.page, total);
  for (const auto& row : res.rows) {
    ContactListItem item{rows::row_to_contact(row, "ct_"), std::nullopt};
    if (!row.is_null("c_id")) item.company = rows::row_to_company_summary(row, "c_");
    page.items.push_back(std::move(item));
  }
  return page;
}

Contact ContactService::create(const Actor& actor, const ContactInput& input) {
  return rt_.db->write([&](sql::Transaction& tx) {
    return contact_writer::insert(tx.connection(), rt_, actor, input);
  });
}

ContactDetail ContactService::get(const Actor& actor, std::string_view id) {
  auto tx = rt_.db->read();
  ContactDetail detail;
  detail.contact = contact_store::require_visible(tx->connection(), actor, id);
  detail.company = company_summary(tx->connection(), detail.contact.company_id);
  detail.lead_count =
      tx->query("SELECT COUNT(*) AS n FROM leads WHERE contact_id = ?", id).first().integer("n");
  return detail;
}

Contact ContactService::update(const Actor& actor, std::string_view id, const ContactInput& input) {
  return rt_.db->write([&](sql::Transaction& tx) {
    const Contact current =
        contact_store::require_visible(tx.connection(), actor, id, sql::Lock::kForUpdate);
    Contact updated = contact_writer::update(tx.connection(), rt_, actor, current, input);
    // Leads may have followed the contact into a company, out of the pipeline's scope.
    if (updated.company_id != current.company_id) rt_.invalidate_dashboard_on_commit(tx);
    return updated;
  });
}

void ContactService::remove(const Actor& actor, std::string_view id) {
  rt_.db->write([&](sql::Transaction& tx) {
    const Contact contact =
        contact_store::require_visible(tx.connection(), actor, id, sql::Lock::kForUpdate);
    if (tx.query("SELECT COUNT(*) AS n FROM leads WHERE contact_id = ?", id).first().integer("n") >
        0)
      throw Error::conflict("Contact has leads");
    tx.query("DELETE FROM contacts WHERE id = ?", id);
    if (contact.company_id)
      activity::append(
          tx.connection(), rt_,
          {"contact_deleted", std::nullopt, contact.company_id, actor.user_id,
           boost::json::object{{"contactId", contact.id}, {"name", contact.full_name}}});
  });
}

}  // namespace crm
