#include "adapters/rest/route_table.hpp"

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
    {"GET", "/api/leads/[id]/notes", kUser, list_lead_notes},
    {"POST", "/api/leads/[id]/notes", kUser, create_lead_note},
    {"PATCH", "/api/leads/[id]/notes/[noteId]", kUser, update_lead_note},
    {"DELETE", "/api/leads/[id]/notes/[noteId]", kUser, delete_lead_note},

    {"GET", "/api/activities", kUser, list_activities},
    {"GET", "/api/pipeline", kUser, get_pipeline},
    {"GET", "/api/dashboard", kUser, get_dashboard},

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

}  // namespace crm::rest
