#include "core/reference/reference_tables.hpp"

#include "core/invoices/agreement.hpp"
#include "core/runtime.hpp"
#include "core/util/placeholders.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"

namespace crm::reference_tables {

const Spec kAgreementTemplates{"agreement_templates", "Agreement template", "", "", 0, 0};
const Spec kTaxRates{"tax_rates", "Tax rate", "rate_milli", "rate", 0, 100 * kRateScale};
const Spec kPaymentTerms{"payment_terms", "Payment term", "days", "days", 0, 3650};
const Spec kContractTerms{"contract_terms", "Contract term", "months", "months", 0, 1200};

namespace {

bool is_template(const Spec& spec) { return spec.value_column.empty(); }

std::string columns(const Spec& spec) {
  std::string out = "id, name, is_active, sort_order, created_at, updated_at";
  if (is_template(spec)) return out + ", body, is_default";
  return out + ", " + std::string(spec.value_column) + " AS value";
}

Row to_row(const sql::Row& r, const Spec& spec) {
  Row out;
  out.id = r.text("id");
  out.name = r.text("name");
  out.is_active = r.boolean("is_active");
  out.sort_order = r.integer("sort_order");
  out.created_at = r.integer("created_at");
  out.updated_at = r.integer("updated_at");
  if (is_template(spec)) {
    out.body = r.text("body");
    out.is_default = r.boolean("is_default");
  } else {
    out.value = r.integer("value");
  }
  return out;
}

void check_value(const Spec& spec, std::int64_t value) {
  if (value < spec.min_value || value > spec.max_value)
    throw Error::invalid(std::string(spec.value_field) + " is out of range");
}

void check_body(std::string_view body) {
  placeholders::require_known("body", body, agreement::variables());
}

// A template becoming the default takes the flag from the previous one first (the partial
// unique index allows one).
void clear_default(sql::Connection& conn, const detail::Runtime& rt, std::string_view except) {
  conn.query(
      "UPDATE agreement_templates SET is_default = 0, updated_at = ? WHERE is_default = 1 AND id "
      "<> ?",
      rt.now(), except);
}

}  // namespace

std::string active_condition(ActiveFilter active, std::string_view alias) {
  const std::string col = (alias.empty() ? "" : std::string(alias) + ".") + "is_active";
  switch (active) {
    case ActiveFilter::kActive:
      return col + " = 1";
    case ActiveFilter::kInactive:
      return col + " = 0";
    case ActiveFilter::kAll:
      break;
  }
  return "1 = 1";
}

std::vector<Row> list(sql::Connection& conn, const Spec& spec, ActiveFilter active) {
  return conn
      .query("SELECT " + columns(spec) + " FROM " + std::string(spec.table) + " WHERE " +
             active_condition(active, "") + " ORDER BY sort_order, name, id")
      .map([&](const sql::Row& r) { return to_row(r, spec); });
}

std::optional<Row> find(sql::Connection& conn, const Spec& spec, std::string_view id) {
  const auto res = conn.query(
      "SELECT " + columns(spec) + " FROM " + std::string(spec.table) + " WHERE id = ?", id);
  if (res.empty()) return std::nullopt;
  return to_row(res.first(), spec);
}

Row create(sql::Connection& conn, const detail::Runtime& rt, const Spec& spec,
           const ReferenceInput& input) {
  Row row;
  row.id = rt.new_id();
  row.name = validate::required("name", input.name);
  row.is_active = input.is_active.value_or(true);
  row.sort_order = input.sort_order.value_or(0);
  row.created_at = row.updated_at = rt.now();
  if (is_template(spec)) {
    row.body = validate::required("body", input.body);
    check_body(row.body);
    row.is_default = input.is_default.value_or(false);
    if (row.is_default) clear_default(conn, rt, row.id);
    conn.query(
        "INSERT INTO agreement_templates (id, name, body, is_default, is_active, sort_order, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row.id, row.name, row.body, row.is_default, row.is_active, row.sort_order, row.created_at,
        row.updated_at);
    return row;
  }
  if (!input.value) throw Error::invalid(std::string(spec.value_field) + " is required");
  row.value = *input.value;
  check_value(spec, row.value);
  conn.query(
      "INSERT INTO " + std::string(spec.table) + " (id, name, " + std::string(spec.value_column) +
          ", is_active, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      row.id, row.name, row.value, row.is_active, row.sort_order, row.created_at, row.updated_at);
  return row;
}

Row update(sql::Connection& conn, const detail::Runtime& rt, const Spec& spec, std::string_view id,
           const ReferenceInput& input) {
  const auto res =
      conn.query("SELECT " + columns(spec) + " FROM " + std::string(spec.table) + " WHERE id = ?" +
                     conn.lock_clause(sql::Lock::kForUpdate, spec.table),
                 id);
  if (res.empty()) throw Error::not_found(std::string(spec.noun) + " not found");
  Row row = to_row(res.first(), spec);
  if (input.name) row.name = validate::required("name", input.name);
  if (input.is_active) row.is_active = *input.is_active;
  if (input.sort_order) row.sort_order = *input.sort_order;
  row.updated_at = rt.now();
  if (is_template(spec)) {
    if (input.body) {
      row.body = validate::required("body", input.body);
      check_body(row.body);
    }
    if (input.is_default) {
      row.is_default = *input.is_default;
      if (row.is_default) clear_default(conn, rt, row.id);
    }
    conn.query(
        "UPDATE agreement_templates SET name = ?, body = ?, is_default = ?, is_active = ?, "
        "sort_order = ?, updated_at = ? WHERE id = ?",
        row.name, row.body, row.is_default, row.is_active, row.sort_order, row.updated_at, row.id);
    return row;
  }
  if (input.value) {
    check_value(spec, *input.value);
    row.value = *input.value;
  }
  conn.query("UPDATE " + std::string(spec.table) + " SET name = ?, " +
                 std::string(spec.value_column) +
                 " = ?, is_active = ?, sort_order = ?, updated_at = ? WHERE id = ?",
             row.name, row.value, row.is_active, row.sort_order, row.updated_at, row.id);
  return row;
}

AgreementTemplate to_agreement_template(const Row& r) {
  return {r.id,        r.name,       r.body,       r.is_default,
          r.is_active, r.sort_order, r.created_at, r.updated_at};
}
TaxRate to_tax_rate(const Row& r) {
  return {r.id, r.name, r.value, r.is_active, r.sort_order, r.created_at, r.updated_at};
}
PaymentTerm to_payment_term(const Row& r) {
  return {r.id, r.name, r.value, r.is_active, r.sort_order, r.created_at, r.updated_at};
}
ContractTerm to_contract_term(const Row& r) {
  return {r.id, r.name, r.value, r.is_active, r.sort_order, r.created_at, r.updated_at};
}

}  // namespace crm::reference_tables
