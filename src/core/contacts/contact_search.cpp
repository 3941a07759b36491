#include "core/contacts/contact_search.hpp"

#include "core/util/text.hpp"

namespace crm::contact_search {
namespace {

bool reads_as_phone(std::string_view term) {
  bool any_digit = false;
  for (char c : term) {
    if (c >= '0' && c <= '9') any_digit = true;
    else if (c != ' ' && c != '(' && c != ')' && c != '-' && c != '+' && c != '.') return false;
  }
  return any_digit;
}

}  // namespace

std::string condition(std::string_view alias, std::string_view term, std::vector<sql::Value>& params) {
  const std::string a(alias);
  std::string sql = "lower(" + a + ".full_name) LIKE ? ESCAPE '\\' OR " + a + ".email_normalized LIKE ? ESCAPE '\\'";
  params.emplace_back(text::contains_pattern(term));
  params.emplace_back(text::contains_pattern(term));
  if (reads_as_phone(term)) {
    sql += " OR " + a + ".phone_digits LIKE ? ESCAPE '\\'";
    params.emplace_back(text::contains_pattern(text::digits(term)));
  }
  return sql;
}

}  // namespace crm::contact_search
