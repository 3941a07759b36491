// Wire names of the invoicing, fulfillment and reference enums (DOMAIN.md §11-§13).
#include "core/util/enum_names.hpp"
#include "crm/fulfillment.hpp"
#include "crm/invoices.hpp"
#include "crm/reference.hpp"

namespace crm {
namespace {

using enum_names::name_of;
using enum_names::parse_from;

constexpr std::pair<InvoiceStatus, std::string_view> kInvoiceStatuses[] = {
    {InvoiceStatus::kDraft, "DRAFT"},
    {InvoiceStatus::kSent, "SENT"},
    {InvoiceStatus::kPartial, "PARTIAL"},
    {InvoiceStatus::kPaid, "PAID"},
    {InvoiceStatus::kVoid, "VOID"}};

constexpr std::pair<PaymentMethod, std::string_view> kPaymentMethods[] = {
    {PaymentMethod::kCard, "CARD"},   {PaymentMethod::kAch, "ACH"},
    {PaymentMethod::kCheck, "CHECK"}, {PaymentMethod::kCash, "CASH"},
    {PaymentMethod::kWire, "WIRE"},   {PaymentMethod::kOther, "OTHER"}};

constexpr std::pair<OrderStatus, std::string_view> kOrderStatuses[] = {
    {OrderStatus::kPending, "PENDING"},
    {OrderStatus::kPicking, "PICKING"},
    {OrderStatus::kShipped, "SHIPPED"},
    {OrderStatus::kDelivered, "DELIVERED"},
    {OrderStatus::kCanceled, "CANCELED"}};

constexpr std::pair<DeviceStatus, std::string_view> kDeviceStatuses[] = {
    {DeviceStatus::kInStock, "IN_STOCK"},  {DeviceStatus::kAssigned, "ASSIGNED"},
    {DeviceStatus::kShipped, "SHIPPED"},   {DeviceStatus::kActive, "ACTIVE"},
    {DeviceStatus::kReturned, "RETURNED"}, {DeviceStatus::kRetired, "RETIRED"}};

constexpr std::pair<SimStatus, std::string_view> kSimStatuses[] = {
    {SimStatus::kAvailable, "AVAILABLE"},
    {SimStatus::kAssigned, "ASSIGNED"},
    {SimStatus::kActive, "ACTIVE"},
    {SimStatus::kSuspended, "SUSPENDED"},
    {SimStatus::kDeactivated, "DEACTIVATED"}};

constexpr std::pair<TaxonomyType, std::string_view> kTaxonomyTypes[] = {
    {TaxonomyType::kIndustry, "INDUSTRY"},
    {TaxonomyType::kSource, "SOURCE"},
    {TaxonomyType::kVendor, "VENDOR"},
    {TaxonomyType::kCellularCarrier, "CELLULAR_CARRIER"},
    {TaxonomyType::kBackend, "BACKEND"},
    {TaxonomyType::kPaymentInterval, "PAYMENT_INTERVAL"},
    {TaxonomyType::kShippingType, "SHIPPING_TYPE"},
    {TaxonomyType::kPaymentMethod, "PAYMENT_METHOD"}};

constexpr std::pair<BulkOutcome, std::string_view> kBulkOutcomes[] = {
    {BulkOutcome::kCreated, "created"},
    {BulkOutcome::kDuplicate, "duplicate"},
    {BulkOutcome::kInvalid, "invalid"}};

}  // namespace

std::string_view to_string(InvoiceStatus s) { return name_of(kInvoiceStatuses, s); }
std::optional<InvoiceStatus> parse_invoice_status(std::string_view t) {
  return parse_from(kInvoiceStatuses, t);
}
std::string_view to_string(PaymentMethod m) { return name_of(kPaymentMethods, m); }
std::optional<PaymentMethod> parse_payment_method(std::string_view t) {
  return parse_from(kPaymentMethods, t);
}
std::string_view to_string(OrderStatus s) { return name_of(kOrderStatuses, s); }
std::optional<OrderStatus> parse_order_status(std::string_view t) {
  return parse_from(kOrderStatuses, t);
}
std::string_view to_string(DeviceStatus s) { return name_of(kDeviceStatuses, s); }
std::optional<DeviceStatus> parse_device_status(std::string_view t) {
  return parse_from(kDeviceStatuses, t);
}
std::string_view to_string(SimStatus s) { return name_of(kSimStatuses, s); }
std::optional<SimStatus> parse_sim_status(std::string_view t) {
  return parse_from(kSimStatuses, t);
}
std::string_view to_string(TaxonomyType t) { return name_of(kTaxonomyTypes, t); }
std::optional<TaxonomyType> parse_taxonomy_type(std::string_view t) {
  return parse_from(kTaxonomyTypes, t);
}
std::string_view to_string(BulkOutcome o) { return name_of(kBulkOutcomes, o); }

}  // namespace crm
