#pragma once
// What the provider adapter tests share: a fake provider, a real curl client pointed at it, and
// a check that a call fails the port's way (crm::Error kUpstream) with a given message.

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>

#include "adapters/curl/curl_client.hpp"
#include "adapters/enrichment/provider_http.hpp"
#include "crm/error.hpp"
#include "support/fake_provider.hpp"

namespace crm::test {

inline constexpr const char* kTestKey = "test-key-123";

struct ProviderFixture {
  FakeProvider fake;
  std::shared_ptr<http::Client> client = curl::make_client();

  // The provider's base URL on the fake server ("" or a path prefix like "/v2"), with a timeout
  // no loaded CI machine reaches.
  providers::wire::Endpoint endpoint(const std::string& prefix = "") const {
    return {fake.base_url() + prefix, kTestKey, std::chrono::milliseconds(10000)};
  }
  // The same with a 300 ms timeout, for the timeout cases (the fake then waits 3 s).
  providers::wire::Endpoint short_endpoint(const std::string& prefix = "") const {
    return {fake.base_url() + prefix, kTestKey, std::chrono::milliseconds(300)};
  }
};

// The kUpstream message `call` fails with.
template <class F>
std::string upstream_error(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kUpstream);
    return e.what();
  }
  FAIL("expected crm::Error(kUpstream)");
  return "";
}

inline CannedResponse json_response(int status, std::string body) {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

inline CannedResponse slow_response() {
  CannedResponse r;
  r.body = "{}";
  r.delay = std::chrono::milliseconds(3000);
  return r;
}

}  // namespace crm::test
