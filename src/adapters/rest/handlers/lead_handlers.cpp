// PENDING: placeholder until this area lands.
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest::handlers {

Response list_leads(Context&) { return error_response(501, "Not implemented"); }
Response create_lead(Context&) { return error_response(501, "Not implemented"); }
Response get_lead(Context&) { return error_response(501, "Not implemented"); }
Response update_lead(Context&) { return error_response(501, "Not implemented"); }
Response delete_lead(Context&) { return error_response(501, "Not implemented"); }
Response change_lead_stage(Context&) { return error_response(501, "Not implemented"); }

}  // namespace crm::rest::handlers
