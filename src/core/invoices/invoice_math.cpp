#include "core/invoices/invoice_math.hpp"

#include <string>
#include <string_view>

#include "crm/error.hpp"

namespace crm::invoice_math {

Cents line_amount(Quantity quantity, Cents unit_price) {
  return mul_div_round(unit_price, quantity, kQuantityScale);
}

Cents tax_on(Cents subtotal, RateMilli rate) {
  return mul_div_round(subtotal, rate, 100 * kRateScale);
}

namespace {

void check_amount(long double amount, std::string_view what) {
  if (amount > static_cast<long double>(kMaxAmount) ||
      amount < -static_cast<long double>(kMaxAmount))
    throw Error::invalid(std::string(what) + " is larger than the largest supported amount");
}

}  // namespace

Totals compute(const std::vector<Line>& lines, bool taxable, std::optional<RateMilli> rate,
               Cents shipping) {
  Totals t;
  t.line_amounts.reserve(lines.size());
  for (const Line& line : lines) {
    if (line.quantity > kMaxQuantity) throw Error::invalid("quantity is too large");
    // Bounded before the exact computation, so that it cannot overflow.
    check_amount(static_cast<long double>(line.unit_price) * line.quantity / kQuantityScale,
                 "a line amount");
    t.line_amounts.push_back(line_amount(line.quantity, line.unit_price));
    t.subtotal += t.line_amounts.back();
    check_amount(t.subtotal, "the subtotal");
  }
  check_amount(shipping, "shippingCost");
  t.tax = taxable && rate ? tax_on(t.subtotal, *rate) : 0;
  t.shipping = shipping;
  t.total = t.subtotal + t.tax + t.shipping;
  check_amount(t.total, "the total");
  return t;
}

PaymentOutcome apply_payment(Cents total, Cents amount_paid, Cents amount) {
  if (amount <= 0) throw Error::invalid("amount must be greater than 0");
  const Cents balance = total - amount_paid;
  if (amount > balance)
    throw Error::invalid("amount must not exceed the balance of " + format_money(balance));
  PaymentOutcome out;
  out.amount_paid = amount_paid + amount;
  out.balance = total - out.amount_paid;
  out.status = out.balance == 0 ? InvoiceStatus::kPaid : InvoiceStatus::kPartial;
  return out;
}

}  // namespace crm::invoice_math
