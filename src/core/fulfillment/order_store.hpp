#pragma once
// Fulfillment order changes shared by the invoice service (send, void, serials) and the
// fulfillment service (pick, ship, deliver, cancel). Every function runs in the caller's write
// transaction and checks each status change against the state machines.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/fulfillment.hpp"
#include "crm/ports/sql.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::order_store {

// The invoice's order, locked (kForUpdate), if it has one.
std::optional<FulfillmentOrder> find_for_invoice(sql::Connection& conn,
                                                 std::string_view invoice_id);

// The invoice's order, created PENDING if it has none: INSERT ... ON CONFLICT (invoice_id) DO
// NOTHING on the unique invoice_id, so an invoice gets exactly one order whatever the races.
// Returns the locked order.
FulfillmentOrder ensure_for_invoice(sql::Connection& conn, const detail::Runtime& rt,
                                    std::string_view invoice_id, std::string_view company_id);

// Puts `device` on `order`: the device must be IN_STOCK or already ASSIGNED to the order's
// invoice, else kConflict "Device <serial> is not available (<STATUS>)". The device becomes
// ASSIGNED to the order's invoice and company; the order gets an item for it (once).
void assign_device(sql::Connection& conn, const detail::Runtime& rt, const FulfillmentOrder& order,
                   const Device& device);

// Cancels `order` (kInvalidArgument unless PENDING/PICKING): its devices still ASSIGNED to the
// invoice return to IN_STOCK (no company, no invoice), its SIMs to AVAILABLE (no device). Logs
// fulfillment_canceled. Returns the serial numbers returned to stock.
std::vector<std::string> cancel(sql::Connection& conn, const detail::Runtime& rt,
                                const FulfillmentOrder& order,
                                const std::optional<std::string>& actor_user_id,
                                const std::optional<std::string>& lead_id);

// Sets the order's status and the matching timestamp (picked_at, shipped_at, ...), after
// checking the order state machine.
void move(sql::Connection& conn, const detail::Runtime& rt, const FulfillmentOrder& order,
          OrderStatus to);

}  // namespace crm::order_store
