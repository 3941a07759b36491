// PENDING: placeholder until this area lands.
#include "crm/pipeline.hpp"

namespace crm {

PipelineService::PipelineService(detail::Runtime& rt) : rt_(rt) {}

}  // namespace crm
