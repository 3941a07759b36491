#pragma once
// The one route table: method, path pattern, auth tier, handler.

#include <span>

#include "adapters/rest/api.hpp"
#include "adapters/rest/handler_kit.hpp"

namespace crm::rest {

using Handler = Response (*)(Context&);

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/api/companies/[id]/notes/[noteId]"
  Tier tier;
  Handler handler;
};

std::span<const Route> route_table();

// Whether Api::handle_now may run the route's handler on an I/O thread: a GET whose handler
// reads nothing from the database when what it needs is in memory (and calls
// Context::needs_database before it would).
bool runs_immediately(const Route& route);

}  // namespace crm::rest
