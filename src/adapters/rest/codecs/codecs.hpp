#pragma once
// JSON shapes of the domain records (camelCase, ISO times, money in dollars). One encoder per
// record; composite views assemble these.

#include <boost/json/object.hpp>

#include "crm/activity.hpp"
#include "crm/companies.hpp"
#include "crm/records.hpp"
#include "crm/user.hpp"

namespace crm::rest::codec {

boost::json::object user(const User& u);
boost::json::object user_summary(const UserSummary& u);
boost::json::object email_account(const EmailAccount& a);
boost::json::object sms_gateway(const SmsGateway& g);

boost::json::object company(const Company& c);
boost::json::object company_summary(const CompanySummary& c);
boost::json::object address(const Address& a);
boost::json::object note(const Note& n);
boost::json::object contact(const Contact& c);
boost::json::object lead(const Lead& l);
boost::json::object lead_score(const LeadScore& s);
boost::json::object task(const Task& t);
boost::json::object tag_summary(const TagSummary& t);
boost::json::object sequence_run(const SequenceRunSummary& r);
boost::json::object invoice_summary(const InvoiceSummary& i);
boost::json::object device(const DeviceSummary& d);
// data is embedded as parsed JSON.
boost::json::object activity(const Activity& a);

}  // namespace crm::rest::codec
