#pragma once
// REST handlers of sales automation (DOMAIN.md §7-§9): tags, lead tags, message templates,
// sequences and their runs, tasks. The route table (route_table.cpp) is the only caller.

#include "adapters/rest/handler_kit.hpp"

namespace crm::rest::handlers {

// tag_handlers.cpp
Response list_tags(Context& ctx);
Response create_tag(Context& ctx);
Response update_tag(Context& ctx);
Response delete_tag(Context& ctx);
Response list_lead_tags(Context& ctx);
Response apply_lead_tag(Context& ctx);
Response remove_lead_tag(Context& ctx);

// template_handlers.cpp
Response list_message_templates(Context& ctx);
Response create_message_template(Context& ctx);
Response update_message_template(Context& ctx);
Response delete_message_template(Context& ctx);

// sequence_handlers.cpp
Response list_sequences(Context& ctx);
Response get_sequence(Context& ctx);
Response update_sequence(Context& ctx);
Response list_sequence_active_runs(Context& ctx);
Response get_sequence_run(Context& ctx);
Response cancel_sequence_run(Context& ctx);

// task_handlers.cpp
Response list_tasks(Context& ctx);
Response create_task(Context& ctx);
Response get_task(Context& ctx);
Response update_task(Context& ctx);
Response delete_task(Context& ctx);

}  // namespace crm::rest::handlers
