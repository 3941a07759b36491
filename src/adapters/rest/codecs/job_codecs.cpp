#include "adapters/rest/codecs/job_codecs.hpp"

#include <boost/json/parse.hpp>

#include "adapters/rest/handler_kit.hpp"

namespace crm::rest::codec {
namespace {

json::object counts(const JobCounts& c) {
  return {{"queued", c.queued},
          {"running", c.running},
          {"succeeded", c.succeeded},
          {"dead", c.dead},
          {"canceled", c.canceled}};
}

json::object stuck_run(const StuckRun& r) {
  return {{"id", r.id},
          {"leadId", r.lead_id},
          {"tagSlug", r.tag_slug},
          {"nextRunAt", iso(r.next_run_at)}};
}

}  // namespace

json::object job(const Job& j) {
  boost::system::error_code ec;
  json::value payload = json::parse(j.payload_json, ec);
  if (ec) payload = json::object();
  return {{"id", j.id},
          {"kind", j.kind},
          {"payload", std::move(payload)},
          {"dedupeKey", opt_value(j.dedupe_key)},
          {"status", to_string(j.status)},
          {"attempts", j.attempts},
          {"maxAttempts", j.max_attempts},
          {"runAt", iso(j.run_at)},
          {"leaseUntil", opt_iso(j.lease_until)},
          {"lastError", opt_value(j.last_error)},
          {"createdAt", iso(j.created_at)},
          {"updatedAt", iso(j.updated_at)},
          {"finishedAt", opt_iso(j.finished_at)}};
}

json::object job_stats(const JobStats& s) {
  return {{"totals", counts(s.totals)},
          {"byKind", to_array(s.by_kind,
                              [](const KindCounts& k) {
                                json::object o = counts(k.counts);
                                o.emplace("kind", k.kind);
                                return o;
                              })},
          {"oldestDueAt", opt_iso(s.oldest_due_at)},
          {"oldestDueSeconds", s.oldest_due_seconds},
          {"stuckSequenceRuns", s.stuck_sequence_runs},
          {"stuckRuns", to_array(s.stuck_runs, stuck_run)},
          {"generatedAt", iso(s.generated_at)}};
}

json::object job_health(const JobHealth& h) {
  return {{"queued", h.queued},
          {"running", h.running},
          {"dead", h.dead},
          {"oldestDueSeconds", h.oldest_due_seconds}};
}

}  // namespace crm::rest::codec
