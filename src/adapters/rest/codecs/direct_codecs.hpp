#pragma once
// The hot responses written straight into the body with JsonOut (json_out.hpp) instead of a
// Boost.JSON DOM: GET /api/leads and GET /api/users/me. Each writer makes the same bytes as the
// DOM codec named beside it (codecs.hpp) run through write_json; tests/api/json_out_test.cpp
// compares them on the same records, so a field added to a codec and not here fails there.

#include <string>

#include "adapters/rest/json_out.hpp"
#include "crm/leads.hpp"
#include "crm/pagination.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm::rest::direct {

// The members of codec::user / codec::lead, into an object the caller has begun (the views
// that embed them add members of their own).
void user_members(JsonOut& out, const User& u);
void lead_members(JsonOut& out, const Lead& l);

// Whole objects, as codec::<name>.
void user_summary(JsonOut& out, const UserSummary& u);
void contact(JsonOut& out, const Contact& c);
void company_summary(JsonOut& out, const CompanySummary& c);
void lead_score(JsonOut& out, const LeadScore& s);
void task(JsonOut& out, const Task& t);
void tag_summary(JsonOut& out, const TagSummary& t);
void pagination(JsonOut& out, const PageInfo& info);

// A lead of the list: the lead with contact, company, tags, score and nextTask.
void lead_list_item(JsonOut& out, const LeadListItem& item);

// Response bodies. GET /api/leads: { data: [item...], pagination }.
std::string lead_page(const Page<LeadListItem>& page);
// GET /api/users/me: { data: { ...user, invitedBy } }.
std::string me(const Principal& principal);

}  // namespace crm::rest::direct
