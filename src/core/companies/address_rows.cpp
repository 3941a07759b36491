#include "core/companies/address_rows.hpp"

#include "crm/error.hpp"

namespace crm::address_rows {
namespace {

constexpr std::string_view kColumns =
    "id, company_id, label, type, address_line1, address_line2, city, state, zip, country, notes, "
    "is_default_billing, is_default_shipping, created_at, updated_at";

Address row_to_address(const sql::Row& r) {
  Address a;
  a.id = r.text("id");
  a.company_id = r.text("company_id");
  a.label = r.opt_text("label");
  a.type = parse_address_type(r.text("type")).value_or(AddressType::kBoth);
  a.address_line1 = r.text("address_line1");
  a.address_line2 = r.opt_text("address_line2");
  a.city = r.text("city");
  a.state = r.text("state");
  a.zip = r.text("zip");
  a.country = r.text("country");
  a.notes = r.opt_text("notes");
  a.is_default_billing = r.boolean("is_default_billing");
  a.is_default_shipping = r.boolean("is_default_shipping");
  a.created_at = r.integer("created_at");
  a.updated_at = r.integer("updated_at");
  return a;
}

}  // namespace

std::vector<Address> list(sql::Connection& conn, std::string_view company_id) {
  std::vector<Address> out;
  for (const auto& r :
       conn.query("SELECT " + std::string(kColumns) +
                      " FROM addresses WHERE company_id = ? "
                      "ORDER BY is_default_billing DESC, is_default_shipping DESC, created_at, id",
                  company_id)
           .rows)
    out.push_back(row_to_address(r));
  return out;
}

Address require(sql::Connection& conn, std::string_view company_id, std::string_view address_id) {
  const auto res = conn.query(
      "SELECT " + std::string(kColumns) + " FROM addresses WHERE id = ? AND company_id = ?",
      address_id, company_id);
  if (res.empty()) throw Error::not_found("Address not found");
  return row_to_address(res.first());
}

void insert(sql::Connection& conn, const Address& a) {
  conn.query("INSERT INTO addresses (" + std::string(kColumns) +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             a.id, a.company_id, a.label, to_string(a.type), a.address_line1, a.address_line2,
             a.city, a.state, a.zip, a.country, a.notes, a.is_default_billing,
             a.is_default_shipping, a.created_at, a.updated_at);
}

}  // namespace crm::address_rows
