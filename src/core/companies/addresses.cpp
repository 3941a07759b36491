// CompanyService address calls. At most one default billing and one default shipping address
// per company: claiming a default clears the previous holder first, in the same transaction
// (the partial unique indexes of the schema reject the opposite order).
#include "core/companies/address_rows.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/companies.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

constexpr std::string_view kDefaultCountry = "US";

// The stored fields and their limits (docs/decisions.md "Input limits").
constexpr auto kLabel = validate::line_field("label");
constexpr auto kLine1 = validate::line_field("addressLine1");
constexpr auto kLine2 = validate::line_field("addressLine2");
constexpr auto kCity = validate::line_field("city");
constexpr auto kState = validate::line_field("state");
constexpr auto kZip = validate::line_field("zip");
constexpr auto kCountry = validate::line_field("country");
constexpr auto kNotes = validate::multi_line_field("notes");

void apply_required(std::string& field, const validate::TextField& spec,
                    const std::optional<std::string>& value, bool creating) {
  if (creating || value) field = validate::required(spec, value);
}

// Applies `in` to `a`. On create every required field must be present. A default flag the
// address type cannot hold (billing on a SHIPPING address, shipping on a BILLING one) is
// rejected when asked for explicitly and dropped when only the type changed.
void apply_input(Address& a, const AddressInput& in, bool creating) {
  if (creating && !in.type) throw Error::invalid("type is required (BILLING, SHIPPING or BOTH)");
  if (in.type) a.type = *in.type;
  validate::apply(kLabel, in.label, a.label);
  apply_required(a.address_line1, kLine1, in.address_line1, creating);
  validate::apply(kLine2, in.address_line2, a.address_line2);
  apply_required(a.city, kCity, in.city, creating);
  apply_required(a.state, kState, in.state, creating);
  apply_required(a.zip, kZip, in.zip, creating);
  if (in.country)
    a.country = validate::text(kCountry, in.country).value_or(std::string(kDefaultCountry));
  validate::apply(kNotes, in.notes, a.notes);
  if (in.is_default_billing) a.is_default_billing = *in.is_default_billing;
  if (in.is_default_shipping) a.is_default_shipping = *in.is_default_shipping;

  if (a.is_default_billing && a.type == AddressType::kShipping) {
    if (in.is_default_billing)
      throw Error::invalid("isDefaultBilling requires type BILLING or BOTH");
    a.is_default_billing = false;
  }
  if (a.is_default_shipping && a.type == AddressType::kBilling) {
    if (in.is_default_shipping)
      throw Error::invalid("isDefaultShipping requires type SHIPPING or BOTH");
    a.is_default_shipping = false;
  }
}

// Clears the defaults `a` is about to take from the company's other addresses.
void release_defaults(sql::Connection& conn, const Address& a, TimeMs now) {
  if (a.is_default_billing)
    conn.query(
        "UPDATE addresses SET is_default_billing = 0, updated_at = ? "
        "WHERE company_id = ? AND id <> ? AND is_default_billing = 1",
        now, a.company_id, a.id);
  if (a.is_default_shipping)
    conn.query(
        "UPDATE addresses SET is_default_shipping = 0, updated_at = ? "
        "WHERE company_id = ? AND id <> ? AND is_default_shipping = 1",
        now, a.company_id, a.id);
}

}  // namespace

std::vector<Address> CompanyService::list_addresses(const Actor& actor,
                                                    std::string_view company_id) {
  auto tx = rt_.db->read();
  visibility::require_company(tx->connection(), actor, company_id);
  return address_rows::list(tx->connection(), company_id);
}

Address CompanyService::add_address(const Actor& actor, std::string_view company_id,
                                    const AddressInput& input) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    // The company's row lock serializes concurrent default-flag changes of its addresses.
    visibility::require_company(conn, actor, company_id, "Company", sql::Lock::kForUpdate);
    Address a;
    a.country = kDefaultCountry;
    apply_input(a, input, true);
    a.id = rt_.new_id();
    a.company_id = std::string(company_id);
    a.created_at = a.updated_at = rt_.now();
    release_defaults(conn, a, a.updated_at);
    address_rows::insert(conn, a);
    return a;
  });
}

Address CompanyService::update_address(const Actor& actor, std::string_view company_id,
                                       std::string_view address_id, const AddressInput& input) {
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    visibility::require_company(conn, actor, company_id, "Company", sql::Lock::kForUpdate);
    Address a = address_rows::require(conn, company_id, address_id);
    apply_input(a, input, false);
    a.updated_at = rt_.now();
    release_defaults(conn, a, a.updated_at);
    conn.query(
        "UPDATE addresses SET label = ?, type = ?, address_line1 = ?, address_line2 = ?, "
        "city = ?, state = ?, zip = ?, country = ?, notes = ?, is_default_billing = ?, "
        "is_default_shipping = ?, updated_at = ? WHERE id = ?",
        a.label, to_string(a.type), a.address_line1, a.address_line2, a.city, a.state, a.zip,
        a.country, a.notes, a.is_default_billing, a.is_default_shipping, a.updated_at, a.id);
    return a;
  });
}

void CompanyService::delete_address(const Actor& actor, std::string_view company_id,
                                    std::string_view address_id) {
  rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    visibility::require_company(conn, actor, company_id);
    address_rows::require(conn, company_id, address_id);
    conn.query("DELETE FROM addresses WHERE id = ?", address_id);
  });
}

}  // namespace crm
