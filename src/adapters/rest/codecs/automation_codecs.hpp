#pragma once
// JSON shapes of tags, message templates, sequences, runs and tasks (DOMAIN.md §7-§9).

#include <boost/json/object.hpp>

#include "crm/message_templates.hpp"
#include "crm/sequences.hpp"
#include "crm/tags.hpp"
#include "crm/tasks.hpp"

namespace crm::rest::codec {

boost::json::object tag(const Tag& t);
boost::json::object message_template(const MessageTemplate& t);
// { id, tagSlug, name, description, isActive, steps, sendWindow, activeRuns, createdAt, updatedAt }
boost::json::object sequence_definition(const SequenceDefinition& d);
// { id, leadId, tagSlug, status, currentStep, nextRunAt, startedAt, endedAt, cancelReason,
//   endReason, lastError, stepAttempts }
boost::json::object run(const SequenceRun& r);
// The run with its lead, contact and company.
boost::json::object run_view(const SequenceRunView& v);
// run_view + timeZone + plannedSteps [{ stepNumber, action, dueAt }].
boost::json::object run_detail(const SequenceRunDetail& d);
// The task with lead { id, stage, contactId, contactName }, company and assignedTo.
boost::json::object task_view(const TaskView& v);

}  // namespace crm::rest::codec
