// PENDING: placeholder until this area lands.
#include "crm/companies.hpp"

namespace crm {

CompanyService::CompanyService(detail::Runtime& rt) : rt_(rt) {}

}  // namespace crm
