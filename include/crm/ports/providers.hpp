#pragma once
// Provider ports of lead sourcing (DOMAIN.md §16): what the engine asks of enrichment and AI
// services, in the CRM's own terms. Adapters (src/adapters/enrichment, src/adapters/ai) map
// each provider's wire format onto these; programs build them from the environment
// (HUNTER_API_KEY, ...) and hand them to the engine in EngineOptions::providers. A provider
// left null is "not configured": the calls that need it answer kNotConfigured (501).
//
// Error contract of every method: a provider error, a timeout, or a response that cannot be
// read throws crm::Error(kUpstream) whose message names the provider and carries its own
// message ("Hunter: You are missing the domain parameter"). "Nothing found" is not an error: it
// is an empty optional. Implementations are thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::providers {

// A person to look up at a company. Adapters use what their provider accepts.
struct PersonQuery {
  std::string first_name;
  std::string last_name;
  std::string full_name;
  std::optional<std::string> domain;  // "acme.com"
  std::optional<std::string> company_name;
};

struct FoundEmail {
  std::string email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> position;
  std::optional<int> confidence;  // 0..100 as the provider rates it
};

// Finds a person's work email (Hunter). With no name in the query, finds the most senior
// person's email at the domain.
class EmailFinder {
 public:
  virtual ~EmailFinder() = default;
  virtual std::optional<FoundEmail> find_email(const PersonQuery& query) = 0;
};

struct FoundMobile {
  std::string phone;  // as the provider gives it, E.164 when it does
};

// Finds a person's direct mobile number (Prospeo).
class MobileFinder {
 public:
  virtual ~MobileFinder() = default;
  virtual std::optional<FoundMobile> find_mobile(const PersonQuery& query) = 0;
};

struct EmailCheck {
  std::string status;           // UNKNOWN | VALID | INVALID | RISKY | CATCH_ALL (DOMAIN.md §5)
  std::string provider_status;  // the provider's own word ("safe", "catch_all", ...)
  std::optional<int> score;
};

// Verifies that an email address can receive mail (Reoon).
class EmailVerifier {
 public:
  virtual ~EmailVerifier() = default;
  virtual EmailCheck verify_email(std::string_view email) = 0;
};

struct PhoneCheck {
  bool is_valid = false;
  std::string phone_type;  // MOBILE | LANDLINE | VOIP | UNKNOWN (DOMAIN.md §5)
  std::string line_type;   // the provider's own word ("Mobile", "NonFixedVOIP", ...)
  std::optional<int> activity_score;
  std::optional<std::string> carrier;
};

// Validates a phone number and tells its line type (Trestle).
class PhoneVerifier {
 public:
  virtual ~PhoneVerifier() = default;
  virtual PhoneCheck verify_phone(std::string_view e164) = 0;
};

// A business to look up.
struct BusinessQuery {
  std::string name;
  std::optional<std::string> city;
  std::optional<std::string> state;
  std::optional<std::string> zip;
  std::optional<std::string> place_id;  // Google place id, when known
};

struct WebPresence {
  std::optional<std::string> website;  // the business's own site (not a directory listing)
  std::optional<std::string> description;
};

// Finds a business's website and a description on the web (Brave Search).
class BusinessSearch {
 public:
  virtual ~BusinessSearch() = default;
  virtual std::optional<WebPresence> search_business(const BusinessQuery& query) = 0;
};

struct Place {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::optional<std::string> website;
  std::optional<std::string> phone;
  std::optional<std::string> maps_url;
  std::optional<double> rating;
  std::optional<std::int64_t> review_count;
  std::vector<std::string> photo_names;  // provider references, for fetch_photo
};

// A directory of places with ratings and photos (Google Places).
class PlacesDirectory {
 public:
  virtual ~PlacesDirectory() = default;
  // By place id when the query has one, else by text search; the best match.
  virtual std::optional<Place> find_place(const BusinessQuery& query) = 0;
  // The image bytes of a photo of Place::photo_names, at most `max_width_px` wide.
  virtual std::string fetch_photo(const std::string& photo_name, int max_width_px) = 0;
};

struct ChatMessage {
  std::string role;  // "system" | "user" | "assistant"
  std::string content;
};

// A chat-completion model (any OpenAI-compatible endpoint). Returns the assistant's text.
class ChatModel {
 public:
  virtual ~ChatModel() = default;
  virtual std::string complete(const std::vector<ChatMessage>& messages) = 0;
};

// Every provider the engine may call; null = not configured.
struct Providers {
  std::shared_ptr<EmailFinder> email_finder;        // Hunter (HUNTER_API_KEY)
  std::shared_ptr<MobileFinder> mobile_finder;      // Prospeo (PROSPEO_API_KEY)
  std::shared_ptr<EmailVerifier> email_verifier;    // Reoon (REOON_API_KEY)
  std::shared_ptr<PhoneVerifier> phone_verifier;    // Trestle (TRESTLE_API_KEY)
  std::shared_ptr<BusinessSearch> business_search;  // Brave (BRAVE_API_KEY)
  std::shared_ptr<PlacesDirectory> places;          // Google Places (GOOGLE_PLACES_API_KEY)
  std::shared_ptr<ChatModel> chat;                  // AI_BASE_URL / AI_API_KEY / AI_MODEL
};

}  // namespace crm::providers
