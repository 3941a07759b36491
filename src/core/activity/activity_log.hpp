#pragma once
// The activity writer every service uses inside its own write transaction.

#include <boost/json/object.hpp>

#include <optional>
#include <string>

#include "crm/ports/sql.hpp"
#include "crm/time.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::activity {

struct Entry {
  std::string type;
  std::optional<std::string> lead_id;
  std::optional<std::string> company_id;
  std::optional<std::string> user_id;
  boost::json::object data;
};

// Inserts one activity row and returns its id. REQUIRES: `conn` is in a write transaction.
std::string append(sql::Connection& conn, const detail::Runtime& rt, const Entry& entry);

}  // namespace crm::activity
