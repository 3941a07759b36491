#include "adapters/rest/codecs/automation_codecs.hpp"

#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/handler_kit.hpp"
#include "core/sequences/definition_rules.hpp"

namespace crm::rest::codec {

using json::object;

object tag(const Tag& t) {
  return {{"id", t.id},
          {"slug", t.slug},
          {"name", t.name},
          {"category", to_string(t.category)},
          {"color", opt_value(t.color)},
          {"description", opt_value(t.description)},
          {"sortOrder", t.sort_order},
          {"isActive", t.is_active},
          {"isSystem", t.is_system},
          {"createdAt", iso(t.created_at)},
          {"updatedAt", iso(t.updated_at)}};
}

object message_template(const MessageTemplate& t) {
  return {{"id", t.id},
          {"slug", t.slug},
          {"name", t.name},
          {"channel", to_string(t.channel)},
          {"category", to_string(t.category)},
          {"subject", opt_value(t.subject)},
          {"body", t.body},
          {"isActive", t.is_active},
          {"createdAt", iso(t.created_at)},
          {"updatedAt", iso(t.updated_at)}};
}

object sequence_definition(const SequenceDefinition& d) {
  return {{"id", d.id},
          {"tagSlug", d.tag_slug},
          {"name", d.name},
          {"description", opt_value(d.description)},
          {"isActive", d.is_active},
          {"steps", sequence_rules::steps_to_json(d.steps)},
          {"sendWindow", sequence_rules::window_to_json(d.send_window)},
          {"activeRuns", d.active_runs},
          {"createdAt", iso(d.created_at)},
          {"updatedAt", iso(d.updated_at)}};
}

object run(const SequenceRun& r) {
  return {{"id", r.id},
          {"leadId", r.lead_id},
          {"tagSlug", r.tag_slug},
          {"status", to_string(r.status)},
          {"currentStep", r.current_step},
          {"nextRunAt", opt_iso(r.next_run_at)},
          {"startedAt", iso(r.started_at)},
          {"endedAt", opt_iso(r.ended_at)},
          {"cancelReason", opt_value(r.cancel_reason)},
          {"endReason", opt_value(r.end_reason)},
          {"lastError", opt_value(r.last_error)},
          {"stepAttempts", r.step_attempts}};
}

object run_view(const SequenceRunView& v) {
  object out = run(v.run);
  out["lead"] = object{{"id", v.lead.id},
                       {"stage", to_string(v.lead.stage)},
                       {"isDnc", v.lead.is_dnc},
                       {"ownerId", opt_value(v.lead.owner_id)}};
  out["contact"] = contact(v.contact);
  out["company"] = v.company ? json::value(company_summary(*v.company)) : json::value(nullptr);
  return out;
}

object run_detail(const SequenceRunDetail& d) {
  object out = run_view(d.view);
  out["timeZone"] = d.time_zone;
  json::array planned;
  for (const PlannedStep& p : d.planned_steps)
    planned.push_back(object{
        {"stepNumber", p.step_number}, {"action", to_string(p.action)}, {"dueAt", iso(p.due_at)}});
  out["plannedSteps"] = std::move(planned);
  return out;
}

object task_view(const TaskView& v) {
  object out = task(v.task);
  out["lead"] = v.lead ? json::value(object{{"id", v.lead->id},
                                            {"stage", to_string(v.lead->stage)},
                                            {"contactId", v.lead->contact_id},
                                            {"contactName", v.lead->contact_name}})
                       : json::value(nullptr);
  out["company"] = v.company ? json::value(company_summary(*v.company)) : json::value(nullptr);
  out["assignedTo"] =
      v.assigned_to ? json::value(user_summary(*v.assigned_to)) : json::value(nullptr);
  return out;
}

}  // namespace crm::rest::codec
