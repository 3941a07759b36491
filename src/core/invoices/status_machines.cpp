#include "core/invoices/status_machines.hpp"

namespace crm::machines {
namespace {

using IS = InvoiceStatus;
constexpr Transition<IS> kInvoice[] = {{IS::kDraft, IS::kSent},      {IS::kDraft, IS::kVoid},
                                       {IS::kSent, IS::kVoid},       {IS::kPartial, IS::kVoid},
                                       {IS::kSent, IS::kPartial},    {IS::kSent, IS::kPaid},
                                       {IS::kPartial, IS::kPartial}, {IS::kPartial, IS::kPaid}};

using OS = OrderStatus;
constexpr Transition<OS> kOrder[] = {{OS::kPending, OS::kPicking},  {OS::kPicking, OS::kPicking},
                                     {OS::kPicking, OS::kShipped},  {OS::kShipped, OS::kDelivered},
                                     {OS::kPending, OS::kCanceled}, {OS::kPicking, OS::kCanceled}};

using DS = DeviceStatus;
constexpr Transition<DS> kDevice[] = {
    {DS::kInStock, DS::kAssigned}, {DS::kAssigned, DS::kInStock}, {DS::kAssigned, DS::kShipped},
    {DS::kShipped, DS::kActive},   {DS::kShipped, DS::kReturned}, {DS::kActive, DS::kReturned},
    {DS::kReturned, DS::kInStock}, {DS::kInStock, DS::kRetired},  {DS::kReturned, DS::kRetired}};

using SS = SimStatus;
constexpr Transition<SS> kSim[] = {
    {SS::kAvailable, SS::kAssigned},   {SS::kAssigned, SS::kAvailable},
    {SS::kAssigned, SS::kActive},      {SS::kActive, SS::kSuspended},
    {SS::kSuspended, SS::kActive},     {SS::kAvailable, SS::kDeactivated},
    {SS::kAssigned, SS::kDeactivated}, {SS::kActive, SS::kDeactivated},
    {SS::kSuspended, SS::kDeactivated}};

}  // namespace

const StateMachine<InvoiceStatus>& invoice() {
  static constexpr StateMachine<InvoiceStatus> m("Invoice", kInvoice);
  return m;
}
const StateMachine<OrderStatus>& order() {
  static constexpr StateMachine<OrderStatus> m("Order", kOrder);
  return m;
}
const StateMachine<DeviceStatus>& device() {
  static constexpr StateMachine<DeviceStatus> m("Device", kDevice);
  return m;
}
const StateMachine<SimStatus>& sim() {
  static constexpr StateMachine<SimStatus> m("SIM", kSim);
  return m;
}

}  // namespace crm::machines
