#pragma once
// Reference data (DOMAIN.md §13): taxonomies, the invoice form's reference tables (agreement
// templates, tax rates, payment terms, contract terms) and settings.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/patch.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

enum class TaxonomyType {
  kIndustry,
  kSource,
  kVendor,
  kCellularCarrier,
  kBackend,
  kPaymentInterval,
  kShippingType,
  kPaymentMethod,
};
std::string_view to_string(TaxonomyType t);
std::optional<TaxonomyType> parse_taxonomy_type(std::string_view text);
inline constexpr TaxonomyType kAllTaxonomyTypes[] = {
    TaxonomyType::kIndustry,        TaxonomyType::kSource,       TaxonomyType::kVendor,
    TaxonomyType::kCellularCarrier, TaxonomyType::kBackend,      TaxonomyType::kPaymentInterval,
    TaxonomyType::kShippingType,    TaxonomyType::kPaymentMethod};

struct Taxonomy {
  std::string id;
  TaxonomyType type = TaxonomyType::kIndustry;
  std::string value;
  std::int64_t sort_order = 0;
  bool is_active = true;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct TaxonomyInput {
  std::optional<TaxonomyType> type;  // required on create, fixed afterwards
  std::optional<std::string> value;  // required on create
  std::optional<std::int64_t> sort_order;
  std::optional<bool> is_active;
};

// Which rows a list returns by their active flag.
enum class ActiveFilter { kActive, kInactive, kAll };

// Percent in thousandths (8.875 % = 8875): every real sales-tax rate is exact.
using RateMilli = std::int64_t;
inline constexpr RateMilli kRateScale = 1000;

// Agreement bodies are Markdown with the variables of DOMAIN.md §8 and §11.
struct AgreementTemplate {
  std::string id;
  std::string name;
  std::string body;
  bool is_default = false;  // used for invoices created without a template
  bool is_active = true;
  std::int64_t sort_order = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct TaxRate {
  std::string id;
  std::string name;
  RateMilli rate = 0;
  bool is_active = true;
  std::int64_t sort_order = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct PaymentTerm {
  std::string id;
  std::string name;
  std::int64_t days = 0;
  bool is_active = true;
  std::int64_t sort_order = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct ContractTerm {
  std::string id;
  std::string name;
  std::int64_t months = 0;
  bool is_active = true;
  std::int64_t sort_order = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// Create (name and the table's value required) and update (every field optional) of a
// reference row. `value` is the rate (thousandths of a percent), the days or the months.
struct ReferenceInput {
  std::optional<std::string> name;
  std::optional<std::int64_t> value;
  std::optional<std::string> body;  // agreement templates only
  std::optional<bool> is_default;   // agreement templates only
  std::optional<bool> is_active;
  std::optional<std::int64_t> sort_order;
};

struct TaxonomyValue {
  std::string id;
  std::string value;
};

// The invoice form's choices: active rows only, in sort order.
struct FormOptions {
  std::vector<AgreementTemplate> agreement_templates;
  std::vector<TaxRate> tax_rates;
  std::vector<TaxonomyValue> backends;
  std::vector<TaxonomyValue> carriers;
  std::vector<TaxonomyValue> shipping_types;
  std::vector<PaymentTerm> payment_terms;
  std::vector<ContractTerm> contract_terms;
};

namespace detail {
struct Runtime;
}

// Taxonomies and the reference tables. Reads are open to every user; writes are for admins
// (kPermissionDenied otherwise). Thread-safe.
class ReferenceService {
 public:
  explicit ReferenceService(detail::Runtime& rt);

  // Sort order, then value.
  std::vector<Taxonomy> list_taxonomies(std::optional<TaxonomyType> type, ActiveFilter active);
  // Active values of one type.
  std::vector<TaxonomyValue> taxonomy_values(TaxonomyType type);
  // kConflict when (type, value) exists (case-insensitively).
  Taxonomy create_taxonomy(const Actor& actor, const TaxonomyInput& input);
  Taxonomy update_taxonomy(const Actor& actor, std::string_view id, const TaxonomyInput& input);
  // kConflict while an invoice references the value (deactivate it instead).
  void delete_taxonomy(const Actor& actor, std::string_view id);

  FormOptions form_options();

  std::vector<AgreementTemplate> list_agreement_templates(ActiveFilter active);
  // An unknown {{variable}} in the body is kInvalidArgument. Making one the default clears the
  // previous default in the same transaction.
  AgreementTemplate create_agreement_template(const Actor& actor, const ReferenceInput& input);
  AgreementTemplate update_agreement_template(const Actor& actor, std::string_view id,
                                              const ReferenceInput& input);

  std::vector<TaxRate> list_tax_rates(ActiveFilter active);
  TaxRate create_tax_rate(const Actor& actor, const ReferenceInput& input);  // 0..100 %
  TaxRate update_tax_rate(const Actor& actor, std::string_view id, const ReferenceInput& input);

  std::vector<PaymentTerm> list_payment_terms(ActiveFilter active);
  PaymentTerm create_payment_term(const Actor& actor, const ReferenceInput& input);
  PaymentTerm update_payment_term(const Actor& actor, std::string_view id,
                                  const ReferenceInput& input);

  std::vector<ContractTerm> list_contract_terms(ActiveFilter active);
  ContractTerm create_contract_term(const Actor& actor, const ReferenceInput& input);
  ContractTerm update_contract_term(const Actor& actor, std::string_view id,
                                    const ReferenceInput& input);

 private:
  detail::Runtime& rt_;
};

// Settings: string key -> string value. Secret settings (qb_* and credential-like keys, see
// SettingsService::is_secret) are sealed with the engine's key at rest and shown to admins only.
// Thread-safe.
class SettingsService {
 public:
  explicit SettingsService(detail::Runtime& rt);

  // Every setting; a REP gets neither secret keys nor qb_* keys.
  std::map<std::string, std::string> all(const Actor& actor);
  // ADMIN only. Upserts `key`; a null value deletes it. Keys are [a-z0-9_.-], 1..100 characters;
  // `alert_email` must be an email address.
  void set(const Actor& actor, std::string_view key, const std::optional<std::string>& value);
  // The stored value (opened when secret), for services of the engine.
  std::optional<std::string> get(std::string_view key);

  static bool is_secret(std::string_view key);
  // Hidden from non-admins: secrets and every qb_* key.
  static bool is_admin_only(std::string_view key);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
