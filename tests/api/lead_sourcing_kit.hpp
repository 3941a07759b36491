#pragma once
// Shared by the API tests of imports, enrichment, lead photos and AI: multipart uploads, a
// temporary DATA_DIR, and an engine whose providers point at one loopback fake provider.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/ai/openai_chat.hpp"
#include "adapters/curl/curl_client.hpp"
#include "adapters/enrichment/brave.hpp"
#include "adapters/enrichment/google_places.hpp"
#include "adapters/enrichment/hunter.hpp"
#include "adapters/enrichment/prospeo.hpp"
#include "adapters/enrichment/reoon.hpp"
#include "adapters/enrichment/trestle.hpp"
#include "core/util/ids.hpp"
#include "support/api_fixture.hpp"
#include "support/fake_provider.hpp"

namespace crm::test {

// A fresh folder, removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("crm-test-" + ids::random_token(9));
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string str() const { return path.string(); }
};

inline void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline constexpr const char* kBoundary = "----crmTestBoundary7MA4YWxk";

struct FormPart {
  std::string name;
  std::string value;
  std::optional<std::string> filename;
  std::string content_type = "text/csv";
};

inline std::string multipart_body(const std::vector<FormPart>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name +
            "\"";
    if (p.filename) body += "; filename=\"" + *p.filename + "\"\r\nContent-Type: " + p.content_type;
    body += "\r\n\r\n" + p.value + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

// Sends a raw request (any body and Content-Type) through the REST adapter.
inline ApiResult send_raw(ApiFixture& f, const std::string& method, const std::string& target,
                          const std::string& token, std::string body,
                          const std::string& content_type, rest::Headers extra = {}) {
  rest::Request req;
  req.method = method;
  req.target = target;
  req.body = std::move(body);
  req.remote_addr = "127.0.0.1";
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  if (!content_type.empty()) req.headers.emplace_back("Content-Type", content_type);
  for (auto& h : extra) req.headers.push_back(std::move(h));
  ApiResult result;
  result.raw = f.api->handle(req);
  result.status = result.raw.status;
  boost::system::error_code ec;
  result.body = boost::json::parse(result.raw.body, ec);
  if (ec) result.body = nullptr;
  return result;
}

// POST /api/imports/leads with a CSV file and form fields.
inline ApiResult upload_csv(ApiFixture& f, const std::string& token, const std::string& csv,
                            const std::string& icp = "icp-restaurant",
                            const std::string& query = "", std::vector<FormPart> extra = {}) {
  std::vector<FormPart> parts = {{"file", csv, std::string("leads.csv")}};
  if (!icp.empty()) parts.push_back({"icpTag", icp});
  for (auto& p : extra) parts.push_back(std::move(p));
  return send_raw(f, "POST", "/api/imports/leads" + query, token, multipart_body(parts),
                  std::string("multipart/form-data; boundary=") + kBoundary);
}

// Every provider of the engine, on one fake server: Hunter at /hunter, Prospeo at /prospeo,
// Reoon at /reoon, Trestle at /trestle, Brave at /brave, Places at /places, AI at /ai.
struct ProvidersOnFake {
  FakeProvider fake;
  std::shared_ptr<http::Client> client = curl::make_client();

  providers::wire::Endpoint at(const std::string& prefix) const {
    return {fake.base_url() + prefix, "key-" + prefix.substr(1), std::chrono::milliseconds(2000)};
  }
  providers::Providers all() const {
    providers::Providers p;
    p.email_finder = providers::make_hunter(client, at("/hunter"));
    p.mobile_finder = providers::make_prospeo(client, at("/prospeo"));
    p.email_verifier = providers::make_reoon(client, at("/reoon"));
    p.phone_verifier = providers::make_trestle(client, at("/trestle"));
    p.business_search = providers::make_brave(client, at("/brave"));
    p.places = providers::make_google_places(client, at("/places"));
    p.chat = providers::make_openai_chat(client, at("/ai"));
    return p;
  }
};

inline CannedResponse canned(int status, std::string body) {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

inline std::int64_t count_rows(ApiFixture& f, const std::string& table) {
  return f.sql("SELECT COUNT(*) AS n FROM " + table).first().integer("n");
}

}  // namespace crm::test
