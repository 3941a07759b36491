// Wire names of the record enums (DOMAIN.md §4, §6).
#include "core/util/enum_names.hpp"
#include "crm/companies.hpp"
#include "crm/records.hpp"

namespace crm {
namespace {

using enum_names::name_of;
using enum_names::parse_from;

constexpr std::pair<CompanyStatus, std::string_view> kCompanyStatuses[] = {
    {CompanyStatus::kLead, "LEAD"},         {CompanyStatus::kCustomer, "CUSTOMER"},
    {CompanyStatus::kPartner, "PARTNER"},   {CompanyStatus::kContact, "CONTACT"},
    {CompanyStatus::kInactive, "INACTIVE"}, {CompanyStatus::kDead, "DEAD"}};

constexpr std::pair<LeadStage, std::string_view> kStages[] = {
    {LeadStage::kNewLead, "NEW_LEAD"},
    {LeadStage::kContacted, "CONTACTED"},
    {LeadStage::kQualified, "QUALIFIED"},
    {LeadStage::kProposalSent, "PROPOSAL_SENT"},
    {LeadStage::kNegotiating, "NEGOTIATING"},
    {LeadStage::kWon, "WON"},
    {LeadStage::kLost, "LOST"},
    {LeadStage::kBogus, "BOGUS"}};

constexpr std::pair<AddressType, std::string_view> kAddressTypes[] = {
    {AddressType::kBilling, "BILLING"},
    {AddressType::kShipping, "SHIPPING"},
    {AddressType::kBoth, "BOTH"}};

}  // namespace

std::string_view to_string(CompanyStatus s) { return name_of(kCompanyStatuses, s); }
std::optional<CompanyStatus> parse_company_status(std::string_view t) {
  return parse_from(kCompanyStatuses, t);
}
std::string_view to_string(LeadStage s) { return name_of(kStages, s); }
std::optional<LeadStage> parse_lead_stage(std::string_view t) { return parse_from(kStages, t); }
bool is_open_stage(LeadStage s) {
  return s == LeadStage::kNewLead || s == LeadStage::kContacted || s == LeadStage::kQualified ||
         s == LeadStage::kProposalSent || s == LeadStage::kNegotiating;
}
std::string_view to_string(AddressType t) { return name_of(kAddressTypes, t); }
std::optional<AddressType> parse_address_type(std::string_view t) {
  return parse_from(kAddressTypes, t);
}

}  // namespace crm
