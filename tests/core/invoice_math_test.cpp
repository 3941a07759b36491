// Invoice arithmetic in cents (DOMAIN.md §11): rounding, tax rules, payments.
#include <doctest/doctest.h>

#include "core/invoices/invoice_math.hpp"
#include "core/invoices/invoice_number.hpp"
#include "core/util/decimal.hpp"
#include "crm/error.hpp"

using namespace crm;
using invoice_math::Line;

TEST_CASE("invoice math: line amounts round half away from zero") {
  CHECK(invoice_math::line_amount(1000, 1999) == 1999);   // 1 x 19.99
  CHECK(invoice_math::line_amount(3000, 333) == 999);     // 3 x 3.33
  CHECK(invoice_math::line_amount(1500, 999) == 1499);    // 1.5 x 9.99 = 14.985 -> 14.99
  CHECK(invoice_math::line_amount(500, 1) == 1);          // 0.5 cent -> 1 cent
  CHECK(invoice_math::line_amount(499, 1) == 0);          // 0.499 cent -> 0
  CHECK(invoice_math::line_amount(1500, -999) == -1499);  // discounts round away from zero too
  CHECK(invoice_math::line_amount(500, -1) == -1);
  CHECK(invoice_math::line_amount(333, 300) == 100);  // 0.333 x 3.00 = 0.999 -> 1.00
  CHECK(invoice_math::line_amount(1, 1) == 0);        // 0.001 x 0.01
}

TEST_CASE("invoice math: tax only for a taxable company with a rate; shipping never taxed") {
  const std::vector<Line> lines{{2000, 1000}, {1000, 550}};  // 20.00 + 5.50
  const auto taxed = invoice_math::compute(lines, true, RateMilli{8875}, 1500);
  CHECK(taxed.line_amounts == std::vector<Cents>{2000, 550});
  CHECK(taxed.subtotal == 2550);
  CHECK(taxed.tax == 226);  // 25.50 x 8.875 % = 2.263125 -> 2.26
  CHECK(taxed.shipping == 1500);
  CHECK(taxed.total == 2550 + 226 + 1500);

  const auto not_taxable = invoice_math::compute(lines, false, RateMilli{8875}, 1500);
  CHECK(not_taxable.tax == 0);
  CHECK(not_taxable.total == 4050);

  const auto no_rate = invoice_math::compute(lines, true, std::nullopt, 0);
  CHECK(no_rate.tax == 0);
  CHECK(no_rate.total == 2550);
}

TEST_CASE("invoice math: amounts beyond $10 trillion are refused, never overflowed") {
  using invoice_math::compute;
  using invoice_math::kMaxAmount;
  CHECK(compute({{1000, kMaxAmount}}, false, std::nullopt, 0).total == kMaxAmount);
  CHECK_THROWS_AS(compute({{1000, kMaxAmount + 1}}, false, std::nullopt, 0), Error);
  CHECK_THROWS_AS(compute({{invoice_math::kMaxQuantity + 1, 1}}, false, std::nullopt, 0), Error);
  CHECK_THROWS_AS(compute({{invoice_math::kMaxQuantity, INT64_MAX}}, false, std::nullopt, 0),
                  Error);
  CHECK_THROWS_AS(compute({{1000, kMaxAmount}, {1000, 1}}, false, std::nullopt, 0), Error);
  CHECK_THROWS_AS(compute({{1000, 1}}, false, std::nullopt, kMaxAmount), Error);
  CHECK_THROWS_AS(compute({{1000, kMaxAmount}}, true, RateMilli{1000}, 0), Error);  // + tax
}

TEST_CASE("invoice math: tax rounding at the half cent") {
  CHECK(invoice_math::tax_on(1000, 5050) == 51);    // 10.00 x 5.05 % = 0.505 -> 0.51
  CHECK(invoice_math::tax_on(1000, 5049) == 50);    // 0.5049 -> 0.50
  CHECK(invoice_math::tax_on(-1000, 5050) == -51);  // credit notes mirror
  CHECK(invoice_math::tax_on(100, 0) == 0);
  CHECK(invoice_math::tax_on(999999999, 100000) == 999999999);  // 100 %
}

TEST_CASE("invoice math: partial payments, full payment, overpayment refused") {
  auto first = invoice_math::apply_payment(10000, 0, 2500);
  CHECK(first.amount_paid == 2500);
  CHECK(first.balance == 7500);
  CHECK(first.status == InvoiceStatus::kPartial);

  auto second = invoice_math::apply_payment(10000, 2500, 7500);
  CHECK(second.balance == 0);
  CHECK(second.status == InvoiceStatus::kPaid);

  CHECK_THROWS_WITH_AS(invoice_math::apply_payment(10000, 2500, 7501),
                       "amount must not exceed the balance of 75", Error);
  CHECK_THROWS_WITH_AS(invoice_math::apply_payment(10000, 0, 0), "amount must be greater than 0",
                       Error);
  CHECK_THROWS_AS(invoice_math::apply_payment(10000, 0, -1), Error);
  CHECK_THROWS_AS(invoice_math::apply_payment(0, 0, 1), Error);  // nothing due
}

TEST_CASE("invoice numbers: INV-YYYY-NNNN with at least four digits") {
  CHECK(invoice_number::format(2026, 1) == "INV-2026-0001");
  CHECK(invoice_number::format(2026, 42) == "INV-2026-0042");
  CHECK(invoice_number::format(2026, 9999) == "INV-2026-9999");
  CHECK(invoice_number::format(2027, 10000) == "INV-2027-10000");
}

TEST_CASE("decimal: exact fixed-point parsing of quantities and rates") {
  CHECK(decimal::parse_fixed("1", 3) == 1000);
  CHECK(decimal::parse_fixed("1.5", 3) == 1500);
  CHECK(decimal::parse_fixed("0.125", 3) == 125);
  CHECK(decimal::parse_fixed("-2.25", 3) == -2250);
  CHECK(decimal::parse_fixed("8.8750", 3) == 8875);  // trailing zeros are not precision
  CHECK(decimal::parse_fixed(".5", 3) == 500);
  CHECK_FALSE(decimal::parse_fixed("1.0005", 3));  // more precision than the scale holds
  CHECK_FALSE(decimal::parse_fixed("1e3", 3));
  CHECK_FALSE(decimal::parse_fixed("", 3));
  CHECK_FALSE(decimal::parse_fixed(".", 3));
  CHECK_FALSE(decimal::parse_fixed("12a", 3));
  CHECK_FALSE(decimal::parse_fixed("99999999999999999999", 3));
  CHECK(decimal::fixed_from_double(0.1, 3) == 100);
  CHECK(decimal::fixed_from_double(2.675, 3) == 2675);
  CHECK_FALSE(decimal::fixed_from_double(0.0001, 3));
  CHECK(decimal::format_fixed(1500, 3) == "1.5");
  CHECK(decimal::format_fixed(2000, 3) == "2");
  CHECK(decimal::format_fixed(-125, 3) == "-0.125");
  CHECK(decimal::format_fixed(8875, 3) == "8.875");
}
