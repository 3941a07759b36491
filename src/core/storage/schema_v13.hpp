#pragma once
// Migration 13: the lead list's relations read from their indexes alone.
//
// tasks_lead_next orders a lead's open tasks as rows::task_order does (dated before undated,
// due date, creation, id), so a lead's next task is the first entry of its range: the list reads
// one task per lead instead of every open one, without a sort. It replaces tasks_lead_open_due
// (lead_id, is_completed, due_at), whose every use it serves as well (the same two-column prefix;
// the lead detail's ordered open tasks now need no sort either).
//
// lead_tags_lead_active covers the list's read of a lead's active tags (lead, tag, applied_at):
// no row lookup per application. lead_tags_one_active stays: it is the uniqueness rule.

#include <string_view>

namespace crm::storage {

inline constexpr std::string_view kSchemaV13 = R"SQL(
CREATE INDEX tasks_lead_next ON tasks(lead_id, is_completed, (due_at IS NULL), due_at, created_at, id);
DROP INDEX tasks_lead_open_due;
CREATE INDEX lead_tags_lead_active ON lead_tags(lead_id, removed_at, tag_id, applied_at);
)SQL";

}  // namespace crm::storage
