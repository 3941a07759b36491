#pragma once
// Invoice arithmetic in integer cents (DOMAIN.md §11). Pure; rounding is half away from zero.
//   line amount = round(quantity x unitPrice)         (quantity in thousandths)
//   subtotal    = sum of line amounts
//   tax         = round(subtotal x rate / 100)        only for a taxable company with a rate
//   total       = subtotal + tax + shippingCost      (shipping is never taxed)
//   balance     = total - amountPaid

#include <optional>
#include <vector>

#include "crm/invoices.hpp"

namespace crm::invoice_math {

// The largest amount an invoice, a line or a shipping cost may reach ($10 trillion), and the
// largest quantity of a line (a million units): far beyond real invoices, and far enough below
// the int64 range that no sum of them can overflow.
inline constexpr Cents kMaxAmount = 1'000'000'000'000'000;
inline constexpr Quantity kMaxQuantity = 1'000'000 * kQuantityScale;

struct Line {
  Quantity quantity = kQuantityScale;
  Cents unit_price = 0;
};

struct Totals {
  std::vector<Cents> line_amounts;  // one per line, in order
  Cents subtotal = 0;
  Cents tax = 0;
  Cents shipping = 0;
  Cents total = 0;
};

Cents line_amount(Quantity quantity, Cents unit_price);
// round(subtotal x rate_milli / 100000): the rate is in thousandths of a percent.
Cents tax_on(Cents subtotal, RateMilli rate);

// `rate` is the invoice's tax rate, if one was chosen; it applies only when `taxable`.
// kInvalidArgument when a quantity, a line amount, the shipping or the total is beyond the
// limits above. REQUIRES: 0 <= rate <= 100 % (100000).
Totals compute(const std::vector<Line>& lines, bool taxable, std::optional<RateMilli> rate,
               Cents shipping);

struct PaymentOutcome {
  Cents amount_paid = 0;
  Cents balance = 0;
  InvoiceStatus status = InvoiceStatus::kPartial;  // PAID when the balance reaches 0
};

// A payment of `amount` on an invoice of `total` with `amount_paid` so far. Throws
// kInvalidArgument "amount must be greater than 0" / "amount must not exceed the balance of X".
// The caller checks the status transition (only SENT/PARTIAL invoices take payments).
PaymentOutcome apply_payment(Cents total, Cents amount_paid, Cents amount);

}  // namespace crm::invoice_math
