#include "core/invoices/invoice_number.hpp"

#include <cstdio>

namespace crm::invoice_number {

std::string format(int year, std::int64_t sequence) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "INV-%04d-%04lld", year, static_cast<long long>(sequence));
  return buf;
}

std::string allocate(sql::Connection& conn, int year) {
  const std::string counter = "invoice_number:" + std::to_string(year);
  const auto res = conn.query(
      "INSERT INTO counters (name, value) VALUES (?, 1) "
      "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
      counter);
  return format(year, res.first().integer("value"));
}

}  // namespace crm::invoice_number
