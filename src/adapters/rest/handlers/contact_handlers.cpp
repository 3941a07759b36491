// PENDING: placeholder until this area lands.
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest::handlers {

Response list_contacts(Context&) { return error_response(501, "Not implemented"); }
Response create_contact(Context&) { return error_response(501, "Not implemented"); }
Response get_contact(Context&) { return error_response(501, "Not implemented"); }
Response update_contact(Context&) { return error_response(501, "Not implemented"); }
Response delete_contact(Context&) { return error_response(501, "Not implemented"); }

}  // namespace crm::rest::handlers
