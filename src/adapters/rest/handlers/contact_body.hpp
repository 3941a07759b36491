#pragma once
// Reading contact fields from a JSON body: POST/PATCH /api/contacts and the nested `contact`
// of PATCH /api/leads/[id]. Defined in contact_handlers.cpp.

#include "adapters/rest/handler_kit.hpp"
#include "crm/contacts.hpp"

namespace crm::rest::handlers {

ContactInput contact_input(const json::object& body);

}  // namespace crm::rest::handlers
