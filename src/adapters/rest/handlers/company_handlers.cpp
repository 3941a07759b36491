// PENDING: placeholder until this area lands.
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest::handlers {

Response list_companies(Context&) { return error_response(501, "Not implemented"); }
Response create_company(Context&) { return error_response(501, "Not implemented"); }
Response get_company(Context&) { return error_response(501, "Not implemented"); }
Response update_company(Context&) { return error_response(501, "Not implemented"); }

}  // namespace crm::rest::handlers
