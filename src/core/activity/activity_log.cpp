#include "core/activity/activity_log.hpp"

#include <boost/json/serialize.hpp>

#include "core/runtime.hpp"

namespace crm::activity {

std::string append(sql::Connection& conn, const detail::Runtime& rt, const Entry& entry) {
  std::string id = rt.new_id();
  conn.query(
      "INSERT INTO activities (id, type, lead_id, company_id, user_id, data, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      id, entry.type, entry.lead_id, entry.company_id, entry.user_id,
      boost::json::serialize(entry.data), rt.now());
  return id;
}

}  // namespace crm::activity
