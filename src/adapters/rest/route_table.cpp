#include "adapters/rest/route_table.hpp"

#include "adapters/rest/handlers/automation_handlers.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "adapters/rest/handlers/handlers.hpp"

namespace crm::rest {
namespace {

using namespace handlers;
constexpr Tier kPublic = Tier::kPublic;
constexpr Tier kUser = Tier::kUser;
constexpr Tier kAdmin = Tier::kAdmin;

// GET /api/users is kUser here: with ?active=true any user may list active users, otherwise the
// handler itself requires ADMIN (the reference's split tier).
constexpr Route kRoutes[] = {
    {"POST", "/api/auth", kPublic, login},
    {"PUT", "/api/auth", kPublic, setup_first_admin},
    {"GET", "/api/health", kPublic, health},

    {"GET", "/api/users", kUser, list_users},
    {"POST", "/api/users", kAdmin, invite_user},
    {"GET", "/api/users/me", kUser, get_me},
    {"PATCH", "/api/users/me", kUser, update_me},
    {"PATCH", "/api/users/[id]", kAdmin, update_user},
    {"DELETE", "/api/users/[id]", kAdmin, delete_user},
    {"PATCH", "/api/users/[id]/email-account", kAdmin, assign_email_account},
    {"GET", "/api/users/[id]/sms-gateway", kAdmin, get_sms_gateway},
    {"POST", "/api/users/[id]/sms-gateway", kAdmin, create_sms_gateway},
    {"PATCH", "/api/users/[id]/sms-gateway", kAdmin, update_sms_gateway},
    {"DELETE", "/api/users/[id]/sms-gateway", kAdmin, delete_sms_gateway},

    {"GET", "/api/companies", kUser, list_companies},
    {"POST", "/api/companies", kUser, create_company},
    {"GET", "/api/companies/[id]", kUser, get_company},
    {"PATCH", "/api/companies/[id]", kUser, update_company},
    {"GET", "/api/companies/[id]/addresses", kUser, list_addresses},
    {"POST", "/api/companies/[id]/addresses", kUser, create_address},
    {"PATCH", "/api/companies/[id]/addresses/[addressId]", kUser, update_address},
    {"DELETE", "/api/companies/[id]/addresses/[addressId]", kUser, delete_address},
    {"GET", "/api/companies/[id]/notes", kUser, list_company_notes},
    {"POST", "/api/companies/[id]/notes", kUser, create_company_note},
    {"PATCH", "/api/companies/[id]/notes/[noteId]", kUser, update_company_note},
    {"DELETE", "/api/companies/[id]/notes/[noteId]", kUser, delete_company_note},

    {"GET", "/api/contacts", kUser, list_contacts},
    {"POST", "/api/contacts", kUser, create_contact},
    {"GET", "/api/contacts/[id]", kUser, get_contact},
    {"PATCH", "/api/contacts/[id]", kUser, update_contact},
    {"DELETE", "/api/contacts/[id]", kUser, delete_contact},

    {"GET", "/api/leads", kUser, list_leads},
    {"POST", "/api/leads", kUser, create_lead},
    {"GET", "/api/leads/[id]", kUser, get_lead},
    {"PATCH", "/api/leads/[id]", kUser, update_lead},
    {"DELETE", "/api/leads/[id]", kUser, delete_lead},
    {"PATCH", "/api/leads/[id]/stage", kUser, change_lead_stage},
    {"GET", "/api/leads/[id]/tags", kUser, list_lead_tags},
    {"POST", "/api/leads/[id]/tags", kUser, apply_lead_tag},
    {"DELETE", "/api/leads/[id]/tags", kUser, remove_lead_tag},
    {"GET", "/api/leads/[id]/notes", kUser, list_lead_notes},
    {"POST", "/api/leads/[id]/notes", kUser, create_lead_note},
    {"PATCH", "/api/leads/[id]/notes/[noteId]", kUser, update_lead_note},
    {"DELETE", "/api/leads/[id]/notes/[noteId]", kUser, delete_lead_note},

    {"GET", "/api/activities", kUser, list_activities},
    {"GET", "/api/pipeline", kUser, get_pipeline},
    {"GET", "/api/dashboard", kUser, get_dashboard},

    {"GET", "/api/invoices", kUser, list_invoices},
    {"POST", "/api/invoices", kUser, create_invoice},
    {"GET", "/api/invoices/[id]", kUser, get_invoice},
    {"PATCH", "/api/invoices/[id]", kUser, update_invoice},
    {"GET", "/api/invoices/[id]/serials", kUser, list_invoice_serials},
    {"POST", "/api/invoices/[id]/serials", kUser, assign_invoice_serials},
    {"GET", "/api/pay/[token]", kPublic, get_public_invoice},
    {"POST", "/api/proposals/[token]/sign", kPublic, sign_proposal},

    {"GET", "/api/fulfillment", kUser, list_fulfillment},
    {"PATCH", "/api/fulfillment", kAdmin, update_fulfillment},
    {"GET", "/api/devices", kUser, list_devices},
    {"POST", "/api/devices", kAdmin, create_devices},
    {"GET", "/api/sims", kUser, list_sims},
    {"POST", "/api/sims", kAdmin, create_sims},
    {"GET", "/api/products", kUser, list_products},
    {"PATCH", "/api/products/[id]", kUser, update_product},

    // Taxonomy PATCH/DELETE are Admin-only, deliberately unlike the reference (DOMAIN.md §13).
    {"GET", "/api/taxonomies", kUser, list_taxonomies},
    {"POST", "/api/taxonomies", kAdmin, create_taxonomy},
    {"PATCH", "/api/taxonomies/[id]", kAdmin, update_taxonomy},
    {"DELETE", "/api/taxonomies/[id]", kAdmin, delete_taxonomy},
    {"GET", "/api/taxonomy/values", kUser, list_taxonomy_values},
    {"GET", "/api/form-options", kUser, get_form_options},
    {"GET", "/api/settings", kUser, get_settings},
    {"PATCH", "/api/settings", kAdmin, update_settings},

    {"GET", "/api/tasks", kUser, list_tasks},
    {"POST", "/api/tasks", kUser, create_task},
    {"GET", "/api/tasks/[id]", kUser, get_task},
    {"PATCH", "/api/tasks/[id]", kUser, update_task},
    {"DELETE", "/api/tasks/[id]", kUser, delete_task},

    // Tag PATCH/DELETE are Admin-only, deliberately unlike the reference (DOMAIN.md §13).
    {"GET", "/api/tags", kUser, list_tags},
    {"POST", "/api/tags", kAdmin, create_tag},
    {"PATCH", "/api/tags/[id]", kAdmin, update_tag},
    {"DELETE", "/api/tags/[id]", kAdmin, delete_tag},

    {"GET", "/api/message-templates", kUser, list_message_templates},
    {"POST", "/api/message-templates", kUser, create_message_template},
    {"PATCH", "/api/message-templates/[id]", kUser, update_message_template},
    {"DELETE", "/api/message-templates/[id]", kUser, delete_message_template},

    // runs/[runId] before [tagSlug]: literal segments win, and the table says so too.
    {"GET", "/api/sequences", kUser, list_sequences},
    {"GET", "/api/sequences/runs/[runId]", kUser, get_sequence_run},  // extension
    {"POST", "/api/sequences/runs/[runId]/cancel", kUser, cancel_sequence_run},
    {"GET", "/api/sequences/[tagSlug]", kUser, get_sequence},
    {"PATCH", "/api/sequences/[tagSlug]", kAdmin, update_sequence},
    {"GET", "/api/sequences/[tagSlug]/runs", kUser, list_sequence_active_runs},

    // Extension (DOMAIN.md §17): the background job queue, for admins.
    {"GET", "/api/jobs", kAdmin, list_jobs},
    {"GET", "/api/jobs/stats", kAdmin, get_job_stats},
    {"GET", "/api/jobs/[id]", kAdmin, get_job},
    {"POST", "/api/jobs/[id]/retry", kAdmin, retry_job},
    {"POST", "/api/jobs/[id]/cancel", kAdmin, cancel_job},

    {"POST", "/api/import", kAdmin, import_contacts},
    {"POST", "/api/imports/leads", kAdmin, import_leads_csv},
    {"POST", "/api/companies/[id]/enrich", kAdmin, enrich_company},
    {"POST", "/api/contacts/[id]/find-direct-email", kAdmin, find_direct_email},
    {"POST", "/api/contacts/[id]/find-direct-mobile", kAdmin, find_direct_mobile},
    {"POST", "/api/contacts/[id]/verify-email", kAdmin, verify_email},
    {"POST", "/api/contacts/[id]/verify-phone", kAdmin, verify_phone},
    {"GET", "/api/lead-photos/[filename]", kUser, get_lead_photo},
    {"POST", "/api/ai", kUser, ai_assist},
};

}  // namespace

std::span<const Route> route_table() { return kRoutes; }

// health: the job counts of the last second; users/me: the caller's cached principal.
bool runs_immediately(const Route& route) {
  return route.handler == &health || route.handler == &get_me;
}

}  // namespace crm::rest
