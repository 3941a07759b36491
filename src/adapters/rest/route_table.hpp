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

}  // namespace crm::rest
