// The admin jobs extension (DOMAIN.md §17): GET /api/jobs, GET /api/jobs/stats,
// GET /api/jobs/[id], POST /api/jobs/[id]/retry, POST /api/jobs/[id]/cancel.
#include "adapters/rest/codecs/job_codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/jobs.hpp"

namespace crm::rest::handlers {

Response list_jobs(Context& ctx) {
  JobQuery q;
  q.status = query_enum<JobStatus>(ctx, "status", parse_job_status);
  if (auto kind = ctx.query("kind"); kind && !kind->empty()) q.kind = std::move(kind);
  q.page = ctx.page();
  const Page<Job> page = ctx.engine().jobs().list(q);
  return paged(to_array(page.items, codec::job), page.info);
}

Response get_job_stats(Context& ctx) { return data(codec::job_stats(ctx.engine().jobs().stats())); }

Response get_job(Context& ctx) {
  return data(codec::job(ctx.engine().jobs().get(ctx.param("id"))));
}

Response retry_job(Context& ctx) {
  return data(codec::job(ctx.engine().jobs().retry(ctx.param("id"))));
}

Response cancel_job(Context& ctx) {
  return data(codec::job(ctx.engine().jobs().cancel(ctx.param("id"))));
}

}  // namespace crm::rest::handlers
