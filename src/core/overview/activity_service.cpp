#include "core/overview/activity_query.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/activity.hpp"

namespace crm {

ActivityService::ActivityService(detail::Runtime& rt) : rt_(rt) {}

Page<Activity> ActivityService::list(const Actor& actor, const ActivityQuery& query) {
  auto tx = rt_.db->read();
  auto& conn = tx->connection();
  if (query.lead_id) visibility::require_lead(conn, actor, *query.lead_id);
  if (query.company_id) visibility::require_company(conn, actor, *query.company_id);
  const overview::ActivityFilter filter{query.lead_id, query.company_id, std::nullopt};
  Page<Activity> page;
  page.info = make_page_info(query.page, overview::count_visible_activities(conn, actor, filter));
  page.items = overview::select_visible_activities(conn, actor, filter, query.page.limit,
                                                   query.page.offset());
  return page;
}

}  // namespace crm
