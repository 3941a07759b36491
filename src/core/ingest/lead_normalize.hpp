#pragma once
// The pure first half of ingestLead: one incoming LeadInput checked and normalized, or the reason
// it is skipped or in error. No I/O, so a rejected row has touched nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/contacts/contact_fields.hpp"
#include "crm/imports.hpp"
#include "crm/records.hpp"

namespace crm::ingest {

// What the whole import adds to each row.
struct Defaults {
  std::optional<std::string> icp_tag;
  std::optional<std::string> business_label;
  std::optional<std::string> source;           // the row's own source wins
  std::optional<std::string> assigned_rep_id;  // an active user (checked by the caller)
  bool company_required = false;               // Maps listings are businesses: name required
};

struct Address {
  std::string line1;
  std::string city;
  std::string state;
  std::string zip;
  std::string country = "US";
};

struct Normalized {
  // The business (company_name absent: the row names no company).
  std::optional<std::string> company_name;
  std::optional<std::string> website;
  std::optional<std::string> website_domain;  // match key
  std::optional<std::string> company_phone;
  std::optional<std::string> company_phone_e164;  // match key
  std::optional<std::string> zip;                 // match key with the name
  std::optional<Address> address;                 // when complete
  std::optional<std::string> industry;
  std::optional<std::string> maps_url;
  std::optional<std::string> place_id;  // match key
  std::optional<double> rating;
  std::optional<std::int64_t> review_count;
  std::optional<std::string> icp_tag;
  std::optional<std::string> business_label;
  std::optional<std::string> assigned_rep_id;
  // The person
  std::string first_name;
  std::string last_name;
  std::optional<contact_fields::Email> email;
  std::optional<contact_fields::Phone> phone;
  std::optional<std::string> title;
  // The lead
  LeadStage stage = LeadStage::kNewLead;
  std::optional<std::string> source;
  std::optional<std::string> source_campaign;
};

struct Rejected {
  RowStatus status = RowStatus::kError;  // kSkipped or kError
  std::string message;
};

std::variant<Normalized, Rejected> normalize(const LeadInput& input, const Defaults& defaults);

// A stage in the spellings CRMs and spreadsheets use ("New", "Closed Won", "proposal-sent",
// "NEGOTIATING"); nullopt when unknown.
std::optional<LeadStage> parse_stage_name(std::string_view text);

// Completes an address from a street or a full "street, city, ST zip[, country]" line and the
// parts given separately (which win). nullopt unless street, city, state and zip are all known.
std::optional<Address> complete_address(const std::optional<std::string>& address,
                                        const std::optional<std::string>& city,
                                        const std::optional<std::string>& state,
                                        const std::optional<std::string>& zip,
                                        const std::optional<std::string>& country);

}  // namespace crm::ingest
