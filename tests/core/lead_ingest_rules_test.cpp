// The pure rules of lead ingestion: Maps header aliases, row normalization, stage names,
// address completion and website match keys.
#include <doctest/doctest.h>

#include "core/imports/lead_columns.hpp"
#include "core/ingest/lead_normalize.hpp"
#include "core/ingest/website.hpp"
#include "crm/error.hpp"

using namespace crm;

namespace {

std::string header_error(const std::vector<std::string>& header) {
  try {
    lead_columns::map_header(header);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "";
}

ingest::Rejected rejected(const LeadInput& in, const ingest::Defaults& d = {}) {
  auto result = ingest::normalize(in, d);
  REQUIRE(std::holds_alternative<ingest::Rejected>(result));
  return std::get<ingest::Rejected>(result);
}

ingest::Normalized normalized(const LeadInput& in, const ingest::Defaults& d = {}) {
  auto result = ingest::normalize(in, d);
  if (auto* r = std::get_if<ingest::Rejected>(&result)) FAIL("rejected: " << r->message);
  return std::get<ingest::Normalized>(result);
}

}  // namespace

TEST_CASE("lead columns: every alias of DOMAIN §15 maps, case and spacing ignored") {
  const std::vector<std::string> header = {
      "Title",  "Phone Number",  "Site", "Full_Address",    "City",     "State",      "Postal-Code",
      "Rating", "Reviews_Count", "Type", "Google Maps URL", "Place ID", "Owner Notes"};
  const auto m = lead_columns::map_header(header);
  CHECK(m.ignored == std::vector<std::string>{"Owner Notes"});
  const auto in = lead_columns::to_input(
      m, {" Acme Diner ", "(512) 555-0100", "acme.com", "1 Main St", "Austin", "TX", "78701", "4.6",
          "1,234", "Restaurant", "https://maps.google.com/?cid=1", "ChIJabc", "ignored"});
  CHECK(in.company_name == "Acme Diner");
  CHECK(in.company_phone == "(512) 555-0100");
  CHECK(in.phone == "(512) 555-0100");  // the listing's phone reaches its contact too
  CHECK(in.website == "acme.com");
  CHECK(in.address == "1 Main St");
  CHECK(in.zip == "78701");
  CHECK(in.rating == "4.6");
  CHECK(in.review_count == "1,234");
  CHECK(in.industry == "Restaurant");
  CHECK(in.maps_url == "https://maps.google.com/?cid=1");
  CHECK(in.place_id == "ChIJabc");

  for (const auto& [alias, field] :
       std::vector<std::pair<std::string, std::string>>{{"name", "x"},
                                                        {"business_name", "x"},
                                                        {"phone", "5125550100"},
                                                        {"website", "a.com"},
                                                        {"address", "1 Main"},
                                                        {"zip", "78701"},
                                                        {"reviews", "3"},
                                                        {"category", "Cafe"},
                                                        {"url", "u"},
                                                        {"maps_url", "u"},
                                                        {"google_maps_url", "u"},
                                                        {"place_id", "p"}}) {
    CAPTURE(alias);
    const auto mapping = lead_columns::map_header({"name", alias});
    CHECK(mapping.ignored.empty());
  }
}

TEST_CASE("lead columns: the first non-blank of two columns of one field wins") {
  const auto m = lead_columns::map_header({"name", "phone", "phone_number"});
  CHECK(lead_columns::to_input(m, {"A", "", "555 0100"}).company_phone == "555 0100");
  CHECK(lead_columns::to_input(m, {"A", "111", "222"}).company_phone == "111");
}

TEST_CASE("lead columns: a header that is no Maps header is refused by name") {
  CHECK(header_error({"foo", "bar"}) ==
        "the first line is not a header of a Google Maps export: expected columns such as name, "
        "phone, website, address (found: foo, bar)");
  CHECK(header_error({"name;phone;website"}) ==
        "file is separated by semicolons; export it with commas (RFC 4180 CSV)");
  CHECK(header_error({"phone", "website"}) ==
        "the header has no business name column (name, title or business_name)");
}

TEST_CASE("normalize: blank rows are skipped, rows nobody can be reached on are skipped") {
  CHECK(rejected(LeadInput{}).status == RowStatus::kSkipped);
  CHECK(rejected(LeadInput{}).message == "empty row");
  LeadInput no_channel;
  no_channel.company_name = "Acme";
  CHECK(rejected(no_channel).status == RowStatus::kSkipped);
  CHECK(rejected(no_channel).message == "no email or phone to reach a contact by");
}

TEST_CASE("normalize: fields that do not validate are errors naming the field") {
  LeadInput in;
  in.company_name = "Acme";
  in.phone = in.company_phone = "12";
  CHECK(rejected(in).message == "phone must be a valid phone number");
  in.phone = in.company_phone = "512-555-0100";
  in.email = "bob@";
  CHECK(rejected(in).message == "email must be a valid email");
  in.email.reset();
  in.rating = "great";
  CHECK(rejected(in).message == "rating must be a number from 0 to 5");
  in.rating = "7";
  CHECK(rejected(in).message == "rating must be a number from 0 to 5");
  in.rating = "4.5";
  in.review_count = "12k";
  CHECK(rejected(in).message == "reviews must be a whole number");
  in.review_count.reset();
  in.stage = "maybe";
  CHECK(rejected(in).message == "Invalid stage: maybe");
  in.stage.reset();
  in.input_error = "email must be a string";
  CHECK(rejected(in).message == "email must be a string");
  in.input_error.reset();
  in.company_name.reset();
  ingest::Defaults maps;
  maps.company_required = true;
  CHECK(rejected(in, maps).message == "name is required");
}

TEST_CASE("normalize: keys and values of a Maps row") {
  LeadInput in;
  in.company_name = "  Acme Diner ";
  in.website = "https://www.Acme-Diner.com/menu";
  in.phone = in.company_phone = "(512) 555-0100";
  in.address = "1 Main St, Austin, TX 78701, United States";
  in.rating = "4.6";
  in.review_count = "1,234";
  ingest::Defaults d;
  d.icp_tag = "icp-restaurant";
  d.source = "google_maps";
  const auto n = normalized(in, d);
  CHECK(n.company_name == "Acme Diner");
  CHECK(n.website_domain == "acme-diner.com");
  CHECK(n.company_phone_e164 == "+15125550100");
  REQUIRE(n.phone);
  CHECK(n.phone->e164 == "+15125550100");
  REQUIRE(n.address);
  CHECK(n.address->line1 == "1 Main St");
  CHECK(n.address->city == "Austin");
  CHECK(n.address->state == "TX");
  CHECK(n.address->zip == "78701");
  CHECK(n.zip == "78701");
  CHECK(n.rating == doctest::Approx(4.6));
  CHECK(n.review_count == 1234);
  CHECK(n.icp_tag == "icp-restaurant");
  CHECK(n.source == "google_maps");
  CHECK(n.stage == LeadStage::kNewLead);
}

TEST_CASE("normalize: a row's own source wins over the import's") {
  LeadInput in;
  in.email = "a@b.co";
  in.source = "referral";
  ingest::Defaults d;
  d.source = "import";
  CHECK(normalized(in, d).source == "referral");
}

TEST_CASE("stage names in the spellings spreadsheets use") {
  CHECK(ingest::parse_stage_name("New") == LeadStage::kNewLead);
  CHECK(ingest::parse_stage_name("NEW_LEAD") == LeadStage::kNewLead);
  CHECK(ingest::parse_stage_name(" Closed  Won ") == LeadStage::kWon);
  CHECK(ingest::parse_stage_name("closed-lost") == LeadStage::kLost);
  CHECK(ingest::parse_stage_name("Proposal Sent") == LeadStage::kProposalSent);
  CHECK(ingest::parse_stage_name("proposal_sent") == LeadStage::kProposalSent);
  CHECK(ingest::parse_stage_name("negotiation") == LeadStage::kNegotiating);
  CHECK(ingest::parse_stage_name("Contacted") == LeadStage::kContacted);
  CHECK(ingest::parse_stage_name("qualified") == LeadStage::kQualified);
  CHECK(ingest::parse_stage_name("junk") == LeadStage::kBogus);
  CHECK_FALSE(ingest::parse_stage_name("maybe"));
  CHECK_FALSE(ingest::parse_stage_name(""));
}

TEST_CASE("addresses: separate columns win, a full line fills the rest") {
  auto a = ingest::complete_address("12 Oak Ave, Suite 5, Dallas, TX 75201-1234", std::nullopt,
                                    std::nullopt, std::nullopt, std::nullopt);
  REQUIRE(a);
  CHECK(a->line1 == "12 Oak Ave, Suite 5");
  CHECK(a->city == "Dallas");
  CHECK(a->state == "TX");
  CHECK(a->zip == "75201-1234");
  CHECK(a->country == "US");

  a = ingest::complete_address("12 Oak Ave", std::string("Dallas"), std::string("TX"),
                               std::string("75201"), std::string("Canada"));
  REQUIRE(a);
  CHECK(a->line1 == "12 Oak Ave");
  CHECK(a->country == "Canada");

  a = ingest::complete_address("12 Oak Ave, Dallas", std::string("Dallas"), std::string("TX"),
                               std::string("75201"), std::nullopt);
  REQUIRE(a);
  CHECK(a->line1 == "12 Oak Ave");

  // Incomplete: no address at all rather than a half one.
  CHECK_FALSE(ingest::complete_address("12 Oak Ave", std::nullopt, std::nullopt, std::nullopt,
                                       std::nullopt));
  CHECK_FALSE(ingest::complete_address(std::nullopt, std::string("Dallas"), std::string("TX"),
                                       std::string("75201"), std::nullopt));
}

TEST_CASE("websites: hosts and match keys") {
  CHECK(website::host("https://WWW.Acme.com:8443/a?b#c") == "www.acme.com");
  CHECK(website::host("acme.com/menu") == "acme.com");
  CHECK(website::host("//cdn.acme.com") == "cdn.acme.com");
  CHECK_FALSE(website::host("not a site"));
  CHECK_FALSE(website::host("localhost"));
  CHECK(website::domain_key("http://www.acme.com/") == "acme.com");
  CHECK(website::domain_key("m.acme.com") == "acme.com");
  // Platforms many businesses share are no key; a site builder's subdomain is a site of its own.
  CHECK_FALSE(website::domain_key("https://www.facebook.com/acmediner"));
  CHECK_FALSE(website::domain_key("https://business.site"));
  CHECK(website::domain_key("https://acme-diner.business.site") == "acme-diner.business.site");
  CHECK_FALSE(website::domain_key("https://wixsite.com"));
  CHECK(website::domain_key("https://acme.wixsite.com/home") == "acme.wixsite.com");
  CHECK(website::is_platform_host("www.yelp.com"));
  CHECK_FALSE(website::is_platform_host("acme.com"));
}
