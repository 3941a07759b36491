// PENDING: placeholder until this area lands.
#include "crm/leads.hpp"

namespace crm {

LeadService::LeadService(detail::Runtime& rt) : rt_(rt) {}

}  // namespace crm
