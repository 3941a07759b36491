#pragma once
// The stored fields of users and their limits (docs/decisions.md "Input limits"), shared by
// first-user setup, invitations and profile edits.

#include "core/util/validate.hpp"

namespace crm::user_fields {

inline constexpr auto kEmail = validate::email_field("email");
inline constexpr auto kFirstName = validate::line_field("firstName");
inline constexpr auto kLastName = validate::line_field("lastName");
inline constexpr auto kPhone = validate::phone_field("phone");

}  // namespace crm::user_fields
