// LeadService note calls: the lead's visibility and company, then the company note store.
#include "core/companies/note_store.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/error.hpp"
#include "crm/leads.hpp"

namespace crm {
namespace {

// The lead's company; kNotFound when the lead is invisible, kInvalidArgument when it has none.
std::string require_lead_company(sql::Connection& conn, const Actor& actor,
                                 std::string_view lead_id) {
  auto company_id = visibility::require_lead(conn, actor, lead_id);
  if (!company_id) throw Error::invalid("Lead has no company");
  return *company_id;
}

}  // namespace

std::vector<Note> LeadService::list_notes(const Actor& actor, std::string_view lead_id) {
  auto tx = rt_.db->read();
  return note_store::list(tx->connection(), require_lead_company(tx->connection(), actor, lead_id));
}

Note LeadService::add_note(const Actor& actor, std::string_view lead_id, std::string_view body) {
  return rt_.db->write([&](sql::Transaction& tx) {
    const std::string company_id = require_lead_company(tx.connection(), actor, lead_id);
    return note_store::add(tx.connection(), rt_, actor, company_id, body, std::string(lead_id));
  });
}

Note LeadService::update_note(const Actor& actor, std::string_view lead_id,
                              std::string_view note_id, std::string_view body) {
  return rt_.db->write([&](sql::Transaction& tx) {
    const std::string company_id = require_lead_company(tx.connection(), actor, lead_id);
    return note_store::update(tx.connection(), rt_, actor, company_id, note_id, body);
  });
}

void LeadService::delete_note(const Actor& actor, std::string_view lead_id,
                              std::string_view note_id) {
  rt_.db->write([&](sql::Transaction& tx) {
    const std::string company_id = require_lead_company(tx.connection(), actor, lead_id);
    note_store::remove(tx.connection(), rt_, actor, company_id, note_id);
  });
}

}  // namespace crm
