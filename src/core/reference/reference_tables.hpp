#pragma once
// The four reference tables of the invoice form (agreement templates, tax rates, payment
// terms, contract terms) share one shape: name, one number (rate, days, months; templates
// have a Markdown body instead), active flag, sort order. One generic store serves them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/ports/sql.hpp"
#include "crm/reference.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::reference_tables {

struct Spec {
  std::string_view table;
  std::string_view noun;          // "Tax rate": error messages
  std::string_view value_column;  // "" for agreement templates
  std::string_view value_field;   // wire name of the value: "rate", "days", "months"
  std::int64_t min_value = 0;
  std::int64_t max_value = 0;
};

extern const Spec kAgreementTemplates;
extern const Spec kTaxRates;
extern const Spec kPaymentTerms;
extern const Spec kContractTerms;

struct Row {
  std::string id;
  std::string name;
  std::int64_t value = 0;
  std::string body;
  bool is_default = false;
  bool is_active = true;
  std::int64_t sort_order = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

std::vector<Row> list(sql::Connection& conn, const Spec& spec, ActiveFilter active);
std::optional<Row> find(sql::Connection& conn, const Spec& spec, std::string_view id);
// kInvalidArgument naming the field for a missing name/value, a value out of range or (for
// templates) an unknown variable.
Row create(sql::Connection& conn, const detail::Runtime& rt, const Spec& spec,
           const ReferenceInput& input);
// kNotFound "<Noun> not found".
Row update(sql::Connection& conn, const detail::Runtime& rt, const Spec& spec, std::string_view id,
           const ReferenceInput& input);

AgreementTemplate to_agreement_template(const Row& r);
TaxRate to_tax_rate(const Row& r);
PaymentTerm to_payment_term(const Row& r);
ContractTerm to_contract_term(const Row& r);

// The SQL condition for an ActiveFilter on column `is_active` of `alias` ("" = unqualified).
std::string active_condition(ActiveFilter active, std::string_view alias);

}  // namespace crm::reference_tables
