// CompanyService note calls: visibility of the company, then the shared note store.
#include "core/companies/note_store.hpp"
#include "core/records/visibility.hpp"
#include "core/runtime.hpp"
#include "crm/companies.hpp"

namespace crm {

std::vector<Note> CompanyService::list_notes(const Actor& actor, std::string_view company_id) {
  auto tx = rt_.db->read();
  visibility::require_company(tx->connection(), actor, company_id);
  return note_store::list(tx->connection(), company_id);
}

Note CompanyService::add_note(const Actor& actor, std::string_view company_id,
                              std::string_view body, const std::optional<std::string>& lead_id) {
  return rt_.db->write([&](sql::Transaction& tx) {
    visibility::require_company(tx.connection(), actor, company_id);
    return note_store::add(tx.connection(), rt_, actor, company_id, body, lead_id);
  });
}

Note CompanyService::update_note(const Actor& actor, std::string_view company_id,
                                 std::string_view note_id, std::string_view body) {
  return rt_.db->write([&](sql::Transaction& tx) {
    visibility::require_company(tx.connection(), actor, company_id);
    return note_store::update(tx.connection(), rt_, actor, company_id, note_id, body);
  });
}

void CompanyService::delete_note(const Actor& actor, std::string_view company_id,
                                 std::string_view note_id) {
  rt_.db->write([&](sql::Transaction& tx) {
    visibility::require_company(tx.connection(), actor, company_id);
    note_store::remove(tx.connection(), rt_, actor, company_id, note_id);
  });
}

}  // namespace crm
