#pragma once
// Company-scoped notes, shared by the company routes and the lead routes (which store notes
// against the lead's company). Callers check the company's visibility first; these functions
// run on the caller's transaction (writes REQUIRE a write transaction).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/companies.hpp"
#include "crm/ports/sql.hpp"
#include "crm/user.hpp"

namespace crm::detail {
struct Runtime;
}

namespace crm::note_store {

// Oldest first, each with its author.
std::vector<Note> list(sql::Connection& conn, std::string_view company_id);
// "body is required" when blank; `lead_id`, when given, must be a lead of the company.
// Logs note_added.
Note add(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
         std::string_view company_id, std::string_view body,
         const std::optional<std::string>& lead_id);
// kNotFound unless the note belongs to the company; kPermissionDenied unless the actor wrote it.
// Log note_edited / note_deleted.
Note update(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
            std::string_view company_id, std::string_view note_id, std::string_view body);
void remove(sql::Connection& conn, const detail::Runtime& rt, const Actor& actor,
            std::string_view company_id, std::string_view note_id);

}  // namespace crm::note_store
