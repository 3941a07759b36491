// PENDING: placeholder until this area lands.
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest::handlers {

Response list_company_notes(Context&) { return error_response(501, "Not implemented"); }
Response create_company_note(Context&) { return error_response(501, "Not implemented"); }
Response update_company_note(Context&) { return error_response(501, "Not implemented"); }
Response delete_company_note(Context&) { return error_response(501, "Not implemented"); }
Response list_lead_notes(Context&) { return error_response(501, "Not implemented"); }
Response create_lead_note(Context&) { return error_response(501, "Not implemented"); }
Response update_lead_note(Context&) { return error_response(501, "Not implemented"); }
Response delete_lead_note(Context&) { return error_response(501, "Not implemented"); }

}  // namespace crm::rest::handlers
