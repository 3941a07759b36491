// PENDING: placeholder until this area lands.
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest::handlers {

Response list_activities(Context&) { return error_response(501, "Not implemented"); }
Response get_pipeline(Context&) { return error_response(501, "Not implemented"); }
Response get_dashboard(Context&) { return error_response(501, "Not implemented"); }

}  // namespace crm::rest::handlers
