#include "core/activity/activity_log.hpp"

#include <boost/json/serialize.hpp>

#include "core/lists/derived_columns.hpp"
#include "core/runtime.hpp"

namespace crm::activity {

std::string append(sql::Connection& conn, const detail::Runtime& rt, const Entry& entry) {
  std::string id = rt.new_id();
  // The derived visibility scope (migration 8) goes in with the row, so that SQLite's insert
  // trigger need not write it a second time (migration 10); PostgreSQL derives it before the
  // write whatever is supplied. The rule is the trigger's: the company's rep, else the lead's
  // scope, else the user's own; '!' for a record that does not exist.
  std::string scope_sql = "?";
  std::string scope_param;
  if (entry.company_id) {
    scope_sql = lists::activity_company_scope_of("?");
    scope_param = *entry.company_id;
  } else if (entry.lead_id) {
    scope_sql = "COALESCE((SELECT l.scope FROM leads l WHERE l.id = ?), '!')";
    scope_param = *entry.lead_id;
  } else {
    scope_param = "user:" + entry.user_id.value_or("");
  }
  conn.query(
      "INSERT INTO activities (id, type, lead_id, company_id, user_id, data, created_at, "
      "scope) VALUES (?, ?, ?, ?, ?, ?, ?, " +
          scope_sql + ")",
      id, entry.type, entry.lead_id, entry.company_id, entry.user_id,
      boost::json::serialize(entry.data), rt.now(), scope_param);
  return id;
}

}  // namespace crm::activity
