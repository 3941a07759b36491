#pragma once
// Fulfillment orders, devices, SIM cards and products (DOMAIN.md §12).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/money.hpp"
#include "crm/pagination.hpp"
#include "crm/records.hpp"
#include "crm/reference.hpp"
#include "crm/time.hpp"
#include "crm/user.hpp"

namespace crm {

// PENDING -> PICKING -> SHIPPED -> DELIVERED; CANCELED from PENDING or PICKING.
enum class OrderStatus { kPending, kPicking, kShipped, kDelivered, kCanceled };
std::string_view to_string(OrderStatus s);
std::optional<OrderStatus> parse_order_status(std::string_view text);

enum class DeviceStatus { kInStock, kAssigned, kShipped, kActive, kReturned, kRetired };
std::string_view to_string(DeviceStatus s);
std::optional<DeviceStatus> parse_device_status(std::string_view text);
inline constexpr DeviceStatus kAllDeviceStatuses[] = {
    DeviceStatus::kInStock, DeviceStatus::kAssigned, DeviceStatus::kShipped,
    DeviceStatus::kActive,  DeviceStatus::kReturned, DeviceStatus::kRetired};

enum class SimStatus { kAvailable, kAssigned, kActive, kSuspended, kDeactivated };
std::string_view to_string(SimStatus s);
std::optional<SimStatus> parse_sim_status(std::string_view text);
inline constexpr SimStatus kAllSimStatuses[] = {SimStatus::kAvailable, SimStatus::kAssigned,
                                                SimStatus::kActive, SimStatus::kSuspended,
                                                SimStatus::kDeactivated};

struct Device {
  std::string id;
  std::string serial_number;
  std::optional<std::string> model;
  DeviceStatus status = DeviceStatus::kInStock;
  std::optional<std::string> company_id;
  std::optional<std::string> invoice_id;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct Sim {
  std::string id;
  std::string iccid;  // 19-20 digits
  std::optional<std::string> carrier;
  std::optional<std::string> phone_number;
  SimStatus status = SimStatus::kAvailable;
  std::optional<std::string> device_id;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct DeviceListItem {
  Device device;
  std::optional<CompanySummary> company;
  std::optional<Sim> sim;
};

struct SimListItem {
  Sim sim;
  std::optional<Device> device;
};

// A list page plus the number of records per status over every filter but the status itself
// (every status present, zeros included), for the status tabs of the inventory screens.
template <class T>
struct CountedPage {
  Page<T> page;
  std::map<std::string, std::int64_t> counts;
};

struct DeviceQuery {
  std::optional<DeviceStatus> status;
  std::optional<std::string> company_id;
  std::optional<std::string> search;  // serial number or model
  PageRequest page;
};

struct SimQuery {
  std::optional<SimStatus> status;
  std::optional<std::string> search;  // ICCID, phone number or carrier
  PageRequest page;
};

struct DeviceInput {
  std::string serial_number;
  std::optional<std::string> model;
  std::optional<DeviceStatus> status;     // default IN_STOCK
  std::optional<std::string> company_id;  // must exist
};

struct SimInput {
  std::string iccid;
  std::optional<std::string> carrier;
  std::optional<std::string> phone_number;
  std::optional<SimStatus> status;  // default AVAILABLE
};

// One row of a bulk create: created, duplicate (the serial/ICCID exists, or came earlier in the
// same batch) or invalid (with the reason). Rows are reported in input order.
enum class BulkOutcome { kCreated, kDuplicate, kInvalid };
std::string_view to_string(BulkOutcome o);

struct BulkRowResult {
  std::size_t index = 0;  // 0-based position in the input
  std::string key;        // the serial number / ICCID as given
  BulkOutcome outcome = BulkOutcome::kCreated;
  std::optional<std::string> id;     // created rows
  std::optional<std::string> error;  // invalid rows
};

struct BulkReport {
  std::int64_t created = 0;
  std::int64_t duplicates = 0;
  std::int64_t invalid = 0;
  std::vector<BulkRowResult> rows;
};

struct Product {
  std::string id;
  std::string name;
  std::optional<std::string> sku;
  std::optional<std::string> description;
  Cents unit_price = 0;
  bool is_active = true;
  std::optional<std::string> qb_item_id;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct ProductInput {
  std::string name;
  std::optional<std::string> sku;
  std::optional<std::string> description;
  Cents unit_price = 0;
  bool is_active = true;
  std::optional<std::string> qb_item_id;
};

struct FulfillmentItem {
  std::string id;
  std::string order_id;
  std::string device_id;
  std::optional<std::string> sim_id;
  std::string serial_number;
  std::optional<std::string> iccid;
  TimeMs created_at = 0;
};

struct FulfillmentOrder {
  std::string id;
  std::string invoice_id;
  std::string company_id;
  OrderStatus status = OrderStatus::kPending;
  std::optional<std::string> tracking_number;
  std::optional<std::string> carrier;
  std::optional<TimeMs> picked_at;
  std::optional<TimeMs> shipped_at;
  std::optional<TimeMs> delivered_at;
  std::optional<TimeMs> canceled_at;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::vector<FulfillmentItem> items;
};

struct FulfillmentListItem {
  FulfillmentOrder order;
  CompanySummary company;
  InvoiceSummary invoice;
};

struct SimAssignment {
  std::string device_id;
  std::string sim_id;  // a SIM id or its ICCID
};

struct PickInput {
  std::vector<std::string> device_ids;
  std::vector<SimAssignment> sim_assignments;
};

struct ShipInput {
  std::string tracking_number;  // required
  std::optional<std::string> carrier;
};

namespace detail {
struct Runtime;
}

// Fulfillment orders. Orders follow the visibility of their company (DOMAIN.md §3); changes are
// for admins. Every status change goes through the order, device and SIM state machines: an
// illegal one is kInvalidArgument and changes nothing. Thread-safe.
class FulfillmentService {
 public:
  explicit FulfillmentService(detail::Runtime& rt);

  // Newest first, at most 100.
  std::vector<FulfillmentListItem> list(const Actor& actor, std::optional<OrderStatus> status);
  FulfillmentOrder get(const Actor& actor, std::string_view order_id);
  // Devices IN_STOCK (or already assigned to this order's invoice) and SIMs AVAILABLE become
  // ASSIGNED; anything else is kConflict naming the serial/ICCID. Order -> PICKING.
  FulfillmentOrder pick(const Actor& actor, std::string_view order_id, const PickInput& input);
  // Order -> SHIPPED, its devices -> SHIPPED; logs device_shipped; enqueues the shipped email
  // and the Slack notice.
  FulfillmentOrder ship(const Actor& actor, std::string_view order_id, const ShipInput& input);
  FulfillmentOrder deliver(const Actor& actor, std::string_view order_id);
  // Order -> CANCELED; its picked devices return to IN_STOCK and SIMs to AVAILABLE.
  FulfillmentOrder cancel(const Actor& actor, std::string_view order_id);

 private:
  detail::Runtime& rt_;
};

// Devices, SIMs and products. Devices follow their company's visibility (a device without a
// company is stock, visible to everyone); a SIM follows its device. Creates are for admins.
// Thread-safe.
class InventoryService {
 public:
  explicit InventoryService(detail::Runtime& rt);

  CountedPage<DeviceListItem> list_devices(const Actor& actor, const DeviceQuery& query);
  // kConflict when the serial number exists.
  Device create_device(const Actor& actor, const DeviceInput& input);
  // Creates every new serial in one transaction; reports each row.
  BulkReport create_devices(const Actor& actor, const std::vector<DeviceInput>& inputs);

  CountedPage<SimListItem> list_sims(const Actor& actor, const SimQuery& query);
  Sim create_sim(const Actor& actor, const SimInput& input);
  BulkReport create_sims(const Actor& actor, const std::vector<SimInput>& inputs);

  // Name order. `search` matches name or SKU.
  std::vector<Product> list_products(const std::optional<std::string>& search, ActiveFilter active);
  Product set_product_active(const Actor& actor, std::string_view id, bool active);
  // For embedders, the CLI and the QuickBooks item sync. ADMIN only; kConflict on a taken SKU.
  Product create_product(const Actor& actor, const ProductInput& input);

 private:
  detail::Runtime& rt_;
};

}  // namespace crm
