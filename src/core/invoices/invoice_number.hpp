#pragma once
// Invoice numbers INV-YYYY-NNNN (at least four digits), one sequence per calendar year (UTC).

#include <cstdint>
#include <string>

#include "crm/ports/sql.hpp"

namespace crm::invoice_number {

// "INV-2026-0007"; sequences past 9999 simply grow ("INV-2026-10000").
std::string format(int year, std::int64_t sequence);

// The next number of `year`, taken from the year's counter row inside the caller's write
// transaction by one atomic upsert (INSERT ... ON CONFLICT DO UPDATE SET value = value + 1
// RETURNING value). The row stays locked until the transaction ends, so concurrent creates on
// any engine or server queue on it: numbers never collide, and a rolled-back create gives its
// number back (no gaps).
std::string allocate(sql::Connection& conn, int year);

}  // namespace crm::invoice_number
