#include "core/companies/company_keys.hpp"

#include "core/ingest/website.hpp"
#include "core/util/phone.hpp"

namespace crm::company_keys {

Keys compute(const std::optional<std::string>& website, const std::optional<std::string>& phone) {
  Keys keys;
  if (website) keys.website_domain = website::domain_key(*website).value_or("");
  if (phone) keys.phone_e164 = phone::to_e164(*phone).value_or("");
  return keys;
}

void backfill(sql::Connection& conn) {
  const auto pending = conn.query(
      "SELECT id, website, phone FROM companies WHERE (website IS NOT NULL AND website_domain IS "
      "NULL) OR (phone IS NOT NULL AND phone_e164 IS NULL)");
  for (const auto& row : pending.rows) {
    const Keys keys = compute(row.opt_text("website"), row.opt_text("phone"));
    conn.query("UPDATE companies SET website_domain = ?, phone_e164 = ? WHERE id = ?",
               keys.website_domain, keys.phone_e164, row.text("id"));
  }
}

}  // namespace crm::company_keys
