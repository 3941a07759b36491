#include "core/templates/recipient_values.hpp"

#include "core/util/text.hpp"

namespace crm::recipient {
namespace {

constexpr std::string_view kVariables[] = {"firstName",    "lastName", "fullName", "companyName",
                                           "repFirstName", "repName",  "repEmail", "repPhone"};

}  // namespace

std::span<const std::string_view> variables() { return kVariables; }

std::optional<Rep> load_rep(sql::Connection& conn, std::string_view user_id) {
  const auto res =
      conn.query("SELECT first_name, last_name, email, phone FROM users WHERE id = ?", user_id);
  if (res.empty()) return std::nullopt;
  const auto& r = res.first();
  return Rep{r.text("first_name"), r.text("last_name"), r.text("email"), r.opt_text("phone")};
}

placeholders::Values values(const Facts& f) {
  placeholders::Values v;
  if (f.contact) {
    v["firstName"] = f.contact->first_name;
    v["lastName"] = f.contact->last_name;
    v["fullName"] = f.contact->full_name;
  }
  v["companyName"] = f.company_name.value_or("");
  if (f.rep) {
    v["repFirstName"] = f.rep->first_name;
    v["repName"] = text::trim(f.rep->first_name + " " + f.rep->last_name);
    v["repEmail"] = f.rep->email;
    v["repPhone"] = f.rep->phone.value_or("");
  }
  return v;
}

}  // namespace crm::recipient
