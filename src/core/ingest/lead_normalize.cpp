#include "core/ingest/lead_normalize.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <vector>

#include "core/ingest/website.hpp"
#include "core/util/text.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"

namespace crm::ingest {
namespace {

std::optional<std::string> clean(const std::optional<std::string>& v) {
  return validate::optional_trimmed(v);
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_zip(std::string_view s) {
  return (s.size() == 5 && all_digits(s)) ||
         (s.size() == 10 && all_digits(s.substr(0, 5)) && s[5] == '-' && all_digits(s.substr(6)));
}

bool is_state_code(std::string_view s) {
  return s.size() == 2 && std::isupper(static_cast<unsigned char>(s[0])) &&
         std::isupper(static_cast<unsigned char>(s[1]));
}

bool is_country(std::string_view s) {
  const std::string l = text::lower(s);
  return l == "united states" || l == "usa" || l == "us" || l == "united states of america";
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = s.find(',', start);
    std::string part =
        text::trim(s.substr(start, comma == std::string_view::npos ? s.npos : comma - start));
    if (!part.empty()) out.push_back(std::move(part));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<double> parse_rating(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// "1,234" -> 1234; nullopt unless digits (with thousands separators).
std::optional<std::int64_t> parse_count(std::string_view s) {
  std::string digits;
  for (const char c : s) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
  }
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  return std::stoll(digits);
}

bool blank(const LeadInput& in) {
  for (const auto* f :
       {&in.company_name,   &in.website,  &in.company_phone, &in.address,    &in.city,
        &in.state,          &in.zip,      &in.country,       &in.industry,   &in.rating,
        &in.review_count,   &in.maps_url, &in.place_id,      &in.first_name, &in.last_name,
        &in.email,          &in.phone,    &in.title,         &in.stage,      &in.source,
        &in.source_campaign})
    if (clean(*f)) return false;
  return true;
}

}  // namespace

std::optional<LeadStage> parse_stage_name(std::string_view raw) {
  std::string key;
  for (const char c : text::lower(text::trim(raw))) {
    const char k = (c == '-' || c == '_') ? ' ' : c;
    if (k == ' ' && (key.empty() || key.back() == ' ')) continue;
    key += k;
  }
  while (!key.empty() && key.back() == ' ') key.pop_back();
  static const std::pair<std::string_view, LeadStage> kNames[] = {
      {"new", LeadStage::kNewLead},
      {"new lead", LeadStage::kNewLead},
      {"lead", LeadStage::kNewLead},
      {"open", LeadStage::kNewLead},
      {"contacted", LeadStage::kContacted},
      {"attempted contact", LeadStage::kContacted},
      {"qualified", LeadStage::kQualified},
      {"proposal", LeadStage::kProposalSent},
      {"proposal sent", LeadStage::kProposalSent},
      {"quote sent", LeadStage::kProposalSent},
      {"negotiating", LeadStage::kNegotiating},
      {"negotiation", LeadStage::kNegotiating},
      {"won", LeadStage::kWon},
      {"closed won", LeadStage::kWon},
      {"customer", LeadStage::kWon},
      {"lost", LeadStage::kLost},
      {"closed lost", LeadStage::kLost},
      {"dead", LeadStage::kLost},
      {"bogus", LeadStage::kBogus},
      {"junk", LeadStage::kBogus},
      {"spam", LeadStage::kBogus},
  };
  for (const auto& [name, stage] : kNames)
    if (key == name) return stage;
  return std::nullopt;
}

std::optional<Address> complete_address(const std::optional<std::string>& address,
                                        const std::optional<std::string>& city,
                                        const std::optional<std::string>& state,
                                        const std::optional<std::string>& zip,
                                        const std::optional<std::string>& country) {
  const auto street = clean(address);
  if (!street) return std::nullopt;
  Address a;
  std::vector<std::string> parts = split_commas(*street);
  std::optional<std::string> found_city, found_state, found_zip;
  if (parts.size() > 1 && is_country(parts.back())) parts.pop_back();
  if (parts.size() > 1) {  // "TX 78701" or "78701"
    const std::string& last = parts.back();
    const auto space = last.rfind(' ');
    if (space != std::string::npos && is_state_code(text::trim(last.substr(0, space))) &&
        is_zip(last.substr(space + 1))) {
      found_state = text::trim(last.substr(0, space));
      found_zip = last.substr(space + 1);
      parts.pop_back();
    } else if (is_zip(last)) {
      found_zip = last;
      parts.pop_back();
    }
  }
  // The city is the part before the state, or the one a separate city column names.
  const auto given_city = clean(city);
  if (parts.size() > 1 &&
      (found_state || (given_city && text::lower(parts.back()) == text::lower(*given_city)))) {
    found_city = parts.back();
    parts.pop_back();
  }
  for (const auto& p : parts) a.line1 += (a.line1.empty() ? "" : ", ") + p;
  a.city = given_city.value_or(found_city.value_or(""));
  a.state = clean(state).value_or(found_state.value_or(""));
  a.zip = clean(zip).value_or(found_zip.value_or(""));
  if (auto c = clean(country); c && !is_country(*c)) a.country = *c;
  if (a.line1.empty() || a.city.empty() || a.state.empty() || a.zip.empty()) return std::nullopt;
  return a;
}

std::variant<Normalized, Rejected> normalize(const LeadInput& in, const Defaults& defaults) {
  if (in.input_error) return Rejected{RowStatus::kError, *in.input_error};
  if (blank(in)) return Rejected{RowStatus::kSkipped, "empty row"};
  Normalized n;
  try {
    n.company_name = clean(in.company_name);
    if (defaults.company_required && !n.company_name)
      return Rejected{RowStatus::kError, "name is required"};
    n.website = clean(in.website);
    if (n.website) n.website_domain = website::domain_key(*n.website);
    n.company_phone = clean(in.company_phone);
    n.phone = contact_fields::phone(in.phone);
    if (n.company_phone)  // a listing's one phone is parsed once
      n.company_phone_e164 = n.phone && n.phone->phone == *n.company_phone
                                 ? n.phone->e164
                                 : validate::phone_e164("phone", *n.company_phone);
    n.address = complete_address(in.address, in.city, in.state, in.zip, in.country);
    n.zip = n.address ? std::optional(n.address->zip) : clean(in.zip);
    n.industry = clean(in.industry);
    n.maps_url = clean(in.maps_url);
    n.place_id = clean(in.place_id);
    if (const auto rating = clean(in.rating)) {
      n.rating = parse_rating(*rating);
      if (!n.rating || *n.rating < 0 || *n.rating > 5)
        return Rejected{RowStatus::kError, "rating must be a number from 0 to 5"};
    }
    if (const auto reviews = clean(in.review_count)) {
      n.review_count = parse_count(*reviews);
      if (!n.review_count) return Rejected{RowStatus::kError, "reviews must be a whole number"};
    }
    n.icp_tag = defaults.icp_tag;
    n.business_label = defaults.business_label;
    n.assigned_rep_id = defaults.assigned_rep_id;

    n.first_name = clean(in.first_name).value_or("");
    n.last_name = clean(in.last_name).value_or("");
    n.email = contact_fields::email(in.email);
    n.title = clean(in.title);

    if (const auto stage = clean(in.stage)) {
      const auto parsed = parse_stage_name(*stage);
      if (!parsed) return Rejected{RowStatus::kError, "Invalid stage: " + *stage};
      n.stage = *parsed;
    }
    n.source = clean(in.source);
    if (!n.source) n.source = defaults.source;
    n.source_campaign = clean(in.source_campaign);
  } catch (const Error& e) {  // a field that does not validate (pure code: nothing was written)
    if (e.code() != ErrorCode::kInvalidArgument) throw;
    return Rejected{RowStatus::kError, e.what()};
  }
  if (!n.email && !n.phone)
    return Rejected{RowStatus::kSkipped, "no email or phone to reach a contact by"};
  return n;
}

}  // namespace crm::ingest
