// PENDING: placeholder until this area lands.
#include "crm/contacts.hpp"

namespace crm {

ContactService::ContactService(detail::Runtime& rt) : rt_(rt) {}

}  // namespace crm
