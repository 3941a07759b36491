#pragma once
// Rows of the addresses table, shared by the address calls and the company detail.

#include <string>
#include <string_view>
#include <vector>

#include "crm/companies.hpp"
#include "crm/ports/sql.hpp"

namespace crm::address_rows {

// The company's addresses: default billing first, then default shipping, then oldest first.
std::vector<Address> list(sql::Connection& conn, std::string_view company_id);
// The address when it belongs to the company; kNotFound "Address not found" otherwise.
Address require(sql::Connection& conn, std::string_view company_id, std::string_view address_id);

// Inserts `a` as given (id, flags and times set by the caller).
void insert(sql::Connection& conn, const Address& a);

}  // namespace crm::address_rows
