// PENDING: placeholder until this area lands.
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest::handlers {

Response list_addresses(Context&) { return error_response(501, "Not implemented"); }
Response create_address(Context&) { return error_response(501, "Not implemented"); }
Response update_address(Context&) { return error_response(501, "Not implemented"); }
Response delete_address(Context&) { return error_response(501, "Not implemented"); }

}  // namespace crm::rest::handlers
