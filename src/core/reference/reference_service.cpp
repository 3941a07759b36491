// ReferenceService: taxonomies, the invoice form's reference tables and the form options.
#include "core/records/visibility.hpp"
#include "core/reference/reference_tables.hpp"
#include "core/reference/taxonomy_store.hpp"
#include "core/runtime.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/reference.hpp"

namespace crm {
namespace {

namespace rt_tables = reference_tables;

using visibility::require_admin;

// kConflict when another value of `type` has `value` (case-insensitively).
void ensure_unique(sql::Connection& conn, TaxonomyType type, std::string_view value,
                   std::string_view except_id) {
  const auto res =
      conn.query("SELECT id FROM taxonomies WHERE type = ? AND lower(value) = lower(?) AND id <> ?",
                 to_string(type), value, except_id);
  if (!res.empty()) throw Error::conflict("Taxonomy value already exists");
}

template <class T, class Convert>
std::vector<T> list_of(detail::Runtime& rt, const rt_tables::Spec& spec, ActiveFilter active,
                       Convert convert) {
  auto tx = rt.db->read();
  std::vector<T> out;
  for (const auto& row : rt_tables::list(tx->connection(), spec, active))
    out.push_back(convert(row));
  return out;
}

template <class Convert>
auto create_in(detail::Runtime& rt, const Actor& actor, const rt_tables::Spec& spec,
               const ReferenceInput& input, Convert convert) {
  require_admin(actor);
  return convert(rt.db->write(
      [&](sql::Transaction& tx) { return rt_tables::create(tx.connection(), rt, spec, input); }));
}

template <class Convert>
auto update_in(detail::Runtime& rt, const Actor& actor, const rt_tables::Spec& spec,
               std::string_view id, const ReferenceInput& input, Convert convert) {
  require_admin(actor);
  return convert(rt.db->write([&](sql::Transaction& tx) {
    return rt_tables::update(tx.connection(), rt, spec, id, input);
  }));
}

std::vector<TaxonomyValue> active_values(sql::Connection& conn, TaxonomyType type) {
  return conn
      .query(
          "SELECT id, value FROM taxonomies WHERE type = ? AND is_active = 1 "
          "ORDER BY sort_order, value, id",
          to_string(type))
      .map([](const sql::Row& r) {
        return TaxonomyValue{r.text("id"), r.text("value")};
      });
}

}  // namespace

ReferenceService::ReferenceService(detail::Runtime& rt) : rt_(rt) {}

std::vector<Taxonomy> ReferenceService::list_taxonomies(std::optional<TaxonomyType> type,
                                                        ActiveFilter active) {
  auto tx = rt_.db->read();
  std::string sql = "SELECT " + taxonomy_store::columns("t", "") + " FROM taxonomies t WHERE " +
                    rt_tables::active_condition(active, "t");
  std::vector<sql::Value> params;
  if (type) {
    sql += " AND t.type = ?";
    params.emplace_back(std::string(to_string(*type)));
  }
  sql += " ORDER BY t.type, t.sort_order, t.value, t.id";
  return tx->connection().run(sql, params).map([](const sql::Row& r) {
    return taxonomy_store::to_taxonomy(r, "");
  });
}

std::vector<TaxonomyValue> ReferenceService::taxonomy_values(TaxonomyType type) {
  auto tx = rt_.db->read();
  return active_values(tx->connection(), type);
}

Taxonomy ReferenceService::create_taxonomy(const Actor& actor, const TaxonomyInput& input) {
  require_admin(actor);
  if (!input.type) throw Error::invalid("type is required");
  Taxonomy t;
  t.type = *input.type;
  t.value = validate::required("value", input.value);
  t.sort_order = input.sort_order.value_or(0);
  t.is_active = input.is_active.value_or(true);
  return rt_.db->write([&](sql::Transaction& tx) {
    Taxonomy created = t;
    created.id = rt_.new_id();
    created.created_at = created.updated_at = rt_.now();
    const auto inserted = tx.query(
        "INSERT INTO taxonomies (id, type, value, sort_order, is_active, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        created.id, to_string(created.type), created.value, created.sort_order, created.is_active,
        created.created_at, created.updated_at);
    if (inserted.changes == 0) throw Error::conflict("Taxonomy value already exists");
    return created;
  });
}

Taxonomy ReferenceService::update_taxonomy(const Actor& actor, std::string_view id,
                                           const TaxonomyInput& input) {
  require_admin(actor);
  if (input.type) throw Error::invalid("type cannot be changed");
  return rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    const auto res = conn.query("SELECT " + taxonomy_store::columns("t", "") +
                                    " FROM taxonomies t WHERE t.id = ?" +
                                    conn.lock_clause(sql::Lock::kForUpdate, "t"),
                                id);
    if (res.empty()) throw Error::not_found("Taxonomy value not found");
    Taxonomy t = taxonomy_store::to_taxonomy(res.first(), "");
    if (input.value) {
      t.value = validate::required("value", input.value);
      ensure_unique(conn, t.type, t.value, t.id);
    }
    if (input.sort_order) t.sort_order = *input.sort_order;
    if (input.is_active) t.is_active = *input.is_active;
    t.updated_at = rt_.now();
    conn.query(
        "UPDATE taxonomies SET value = ?, sort_order = ?, is_active = ?, updated_at = ? "
        "WHERE id = ?",
        t.value, t.sort_order, t.is_active, t.updated_at, t.id);
    return t;
  });
}

void ReferenceService::delete_taxonomy(const Actor& actor, std::string_view id) {
  require_admin(actor);
  rt_.db->write([&](sql::Transaction& tx) {
    auto& conn = tx.connection();
    if (conn.query("SELECT id FROM taxonomies WHERE id = ?" +
                       conn.lock_clause(sql::Lock::kForUpdate, "taxonomies"),
                   id)
            .empty())
      throw Error::not_found("Taxonomy value not found");
    const auto used = conn.query(
        "SELECT COUNT(*) AS n FROM invoices WHERE backend_id = ? OR carrier_id = ? OR "
        "shipping_type_id = ?",
        id, id, id);
    if (used.first().integer("n") > 0)
      throw Error::conflict("Taxonomy value is used by invoices; deactivate it instead");
    conn.query("DELETE FROM taxonomies WHERE id = ?", id);
  });
}

FormOptions ReferenceService::form_options() {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  FormOptions out;
  const auto active = ActiveFilter::kActive;
  for (const auto& r : rt_tables::list(conn, rt_tables::kAgreementTemplates, active))
    out.agreement_templates.push_back(rt_tables::to_agreement_template(r));
  for (const auto& r : rt_tables::list(conn, rt_tables::kTaxRates, active))
    out.tax_rates.push_back(rt_tables::to_tax_rate(r));
  for (const auto& r : rt_tables::list(conn, rt_tables::kPaymentTerms, active))
    out.payment_terms.push_back(rt_tables::to_payment_term(r));
  for (const auto& r : rt_tables::list(conn, rt_tables::kContractTerms, active))
    out.contract_terms.push_back(rt_tables::to_contract_term(r));
  out.backends = active_values(conn, TaxonomyType::kBackend);
  out.carriers = active_values(conn, TaxonomyType::kCellularCarrier);
  out.shipping_types = active_values(conn, TaxonomyType::kShippingType);
  return out;
}

std::vector<AgreementTemplate> ReferenceService::list_agreement_templates(ActiveFilter a) {
  return list_of<AgreementTemplate>(rt_, rt_tables::kAgreementTemplates, a,
                                    rt_tables::to_agreement_template);
}
AgreementTemplate ReferenceService::create_agreement_template(const Actor& actor,
                                                              const ReferenceInput& in) {
  return create_in(rt_, actor, rt_tables::kAgreementTemplates, in,
                   rt_tables::to_agreement_template);
}
AgreementTemplate ReferenceService::update_agreement_template(const Actor& actor,
                                                              std::string_view id,
                                                              const ReferenceInput& in) {
  return update_in(rt_, actor, rt_tables::kAgreementTemplates, id, in,
                   rt_tables::to_agreement_template);
}

std::vector<TaxRate> ReferenceService::list_tax_rates(ActiveFilter a) {
  return list_of<TaxRate>(rt_, rt_tables::kTaxRates, a, rt_tables::to_tax_rate);
}
TaxRate ReferenceService::create_tax_rate(const Actor& actor, const ReferenceInput& in) {
  return create_in(rt_, actor, rt_tables::kTaxRates, in, rt_tables::to_tax_rate);
}
TaxRate ReferenceService::update_tax_rate(const Actor& actor, std::string_view id,
                                          const ReferenceInput& in) {
  return update_in(rt_, actor, rt_tables::kTaxRates, id, in, rt_tables::to_tax_rate);
}

std::vector<PaymentTerm> ReferenceService::list_payment_terms(ActiveFilter a) {
  return list_of<PaymentTerm>(rt_, rt_tables::kPaymentTerms, a, rt_tables::to_payment_term);
}
PaymentTerm ReferenceService::create_payment_term(const Actor& actor, const ReferenceInput& in) {
  return create_in(rt_, actor, rt_tables::kPaymentTerms, in, rt_tables::to_payment_term);
}
PaymentTerm ReferenceService::update_payment_term(const Actor& actor, std::string_view id,
                                                  const ReferenceInput& in) {
  return update_in(rt_, actor, rt_tables::kPaymentTerms, id, in, rt_tables::to_payment_term);
}

std::vector<ContractTerm> ReferenceService::list_contract_terms(ActiveFilter a) {
  return list_of<ContractTerm>(rt_, rt_tables::kContractTerms, a, rt_tables::to_contract_term);
}
ContractTerm ReferenceService::create_contract_term(const Actor& actor, const ReferenceInput& in) {
  return create_in(rt_, actor, rt_tables::kContractTerms, in, rt_tables::to_contract_term);
}
ContractTerm ReferenceService::update_contract_term(const Actor& actor, std::string_view id,
                                                    const ReferenceInput& in) {
  return update_in(rt_, actor, rt_tables::kContractTerms, id, in, rt_tables::to_contract_term);
}

}  // namespace crm
