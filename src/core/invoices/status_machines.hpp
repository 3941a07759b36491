#pragma once
// The status machines of DOMAIN.md §11-§12: invoices, fulfillment orders, devices, SIMs.
// Pure: every service checks a change here before writing it.

#include "core/util/state_machine.hpp"
#include "crm/fulfillment.hpp"
#include "crm/invoices.hpp"

namespace crm::machines {

// DRAFT -> SENT -> PARTIAL -> PAID (PARTIAL -> PARTIAL for further part payments; SENT -> PAID
// in one payment); VOID from DRAFT, SENT, PARTIAL. A PAID or VOID invoice never changes.
const StateMachine<InvoiceStatus>& invoice();

// PENDING -> PICKING (PICKING -> PICKING picks more) -> SHIPPED -> DELIVERED; CANCELED from
// PENDING or PICKING.
const StateMachine<OrderStatus>& order();

// IN_STOCK -> ASSIGNED -> SHIPPED -> ACTIVE; ASSIGNED -> IN_STOCK (order canceled);
// SHIPPED/ACTIVE -> RETURNED -> IN_STOCK; IN_STOCK/RETURNED -> RETIRED (final).
const StateMachine<DeviceStatus>& device();

// AVAILABLE -> ASSIGNED -> ACTIVE <-> SUSPENDED; ASSIGNED -> AVAILABLE (order canceled);
// every status but DEACTIVATED -> DEACTIVATED (final).
const StateMachine<SimStatus>& sim();

}  // namespace crm::machines
