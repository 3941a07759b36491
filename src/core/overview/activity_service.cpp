// PENDING: placeholder until this area lands.
#include "crm/activity.hpp"

namespace crm {

ActivityService::ActivityService(detail::Runtime& rt) : rt_(rt) {}

}  // namespace crm
