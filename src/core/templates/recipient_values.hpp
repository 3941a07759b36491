#pragma once
// The variables every template may use (DOMAIN.md §8): who it speaks to and who it comes from.
// Message templates use exactly these; agreements (§11) add the invoice's.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/util/placeholders.hpp"
#include "crm/ports/sql.hpp"
#include "crm/records.hpp"

namespace crm::recipient {

// {{firstName}} {{lastName}} {{fullName}} {{companyName}} {{repFirstName}} {{repName}}
// {{repEmail}} {{repPhone}}
std::span<const std::string_view> variables();

struct Rep {
  std::string first_name;
  std::string last_name;
  std::string email;
  std::optional<std::string> phone;
};

struct Facts {
  std::optional<Contact> contact;
  std::optional<std::string> company_name;
  std::optional<Rep> rep;
};

// The user `user_id` as a template's rep; nullopt when there is no such user.
std::optional<Rep> load_rep(sql::Connection& conn, std::string_view user_id);

// The values of variables(); absent facts render empty.
placeholders::Values values(const Facts& facts);

}  // namespace crm::recipient
