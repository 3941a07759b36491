#include "crm/user.hpp"

namespace crm {

std::string_view to_string(Role role) { return role == Role::kAdmin ? "ADMIN" : "REP"; }

std::optional<Role> parse_role(std::string_view text) {
  if (text == "ADMIN") return Role::kAdmin;
  if (text == "REP") return Role::kRep;
  return std::nullopt;
}

}  // namespace crm
