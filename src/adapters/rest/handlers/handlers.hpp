#pragma once
// Every REST handler, by area. The route table (route_table.cpp) is the only caller.

#include "adapters/rest/handler_kit.hpp"

namespace crm::rest::handlers {

// auth_handlers.cpp
Response login(Context& ctx);
Response setup_first_admin(Context& ctx);
Response health(Context& ctx);

// user_handlers.cpp
Response list_users(Context& ctx);
Response invite_user(Context& ctx);
Response get_me(Context& ctx);
Response update_me(Context& ctx);
Response update_user(Context& ctx);
Response delete_user(Context& ctx);
Response assign_email_account(Context& ctx);
Response get_sms_gateway(Context& ctx);
Response create_sms_gateway(Context& ctx);
Response update_sms_gateway(Context& ctx);
Response delete_sms_gateway(Context& ctx);

// company_handlers.cpp
Response list_companies(Context& ctx);
Response create_company(Context& ctx);
Response get_company(Context& ctx);
Response update_company(Context& ctx);
// address_handlers.cpp
Response list_addresses(Context& ctx);
Response create_address(Context& ctx);
Response update_address(Context& ctx);
Response delete_address(Context& ctx);
// note_handlers.cpp (company- and lead-scoped notes)
Response list_company_notes(Context& ctx);
Response create_company_note(Context& ctx);
Response update_company_note(Context& ctx);
Response delete_company_note(Context& ctx);
Response list_lead_notes(Context& ctx);
Response create_lead_note(Context& ctx);
Response update_lead_note(Context& ctx);
Response delete_lead_note(Context& ctx);

// contact_handlers.cpp
Response list_contacts(Context& ctx);
Response create_contact(Context& ctx);
Response get_contact(Context& ctx);
Response update_contact(Context& ctx);
Response delete_contact(Context& ctx);

// lead_handlers.cpp
Response list_leads(Context& ctx);
Response create_lead(Context& ctx);
Response get_lead(Context& ctx);
Response update_lead(Context& ctx);
Response delete_lead(Context& ctx);
Response change_lead_stage(Context& ctx);

// overview_handlers.cpp
Response list_activities(Context& ctx);
Response get_pipeline(Context& ctx);
Response get_dashboard(Context& ctx);

// job_handlers.cpp (admin extension)
Response list_jobs(Context& ctx);
Response get_job_stats(Context& ctx);
Response get_job(Context& ctx);
Response retry_job(Context& ctx);
Response cancel_job(Context& ctx);
// import_handlers.cpp
Response import_contacts(Context& ctx);
Response import_leads_csv(Context& ctx);

// enrichment_handlers.cpp
Response enrich_company(Context& ctx);
Response find_direct_email(Context& ctx);
Response find_direct_mobile(Context& ctx);
Response verify_email(Context& ctx);
Response verify_phone(Context& ctx);
Response get_lead_photo(Context& ctx);

// ai_handlers.cpp
Response ai_assist(Context& ctx);

}  // namespace crm::rest::handlers
