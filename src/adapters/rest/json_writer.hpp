#pragma once
// JSON text for responses. Unlike boost::json::serialize, doubles are written in their
// shortest plain decimal form (199.99, not 1.9999E2), which is how money goes on the wire.

#include <boost/json/value.hpp>

#include <string>

namespace crm::rest {

std::string write_json(const boost::json::value& value);

}  // namespace crm::rest
