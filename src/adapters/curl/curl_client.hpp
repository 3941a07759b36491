#pragma once
// The HttpClient port over libcurl. Programs make one client and hand it to every provider
// adapter (src/adapters/enrichment, src/adapters/ai).

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "crm/ports/http_client.hpp"

namespace crm::curl {

struct CurlOptions {
  // Time to establish a connection (TCP + TLS handshake).
  std::chrono::milliseconds connect_timeout{5000};
  // Default total time of a request; a Request may ask for another.
  std::chrono::milliseconds total_timeout{20000};
  // A response body larger than this (after decompression) fails the call: a misbehaving
  // provider cannot make the server buffer without bound.
  std::size_t max_response_bytes = 20u << 20;
  std::string user_agent = "libcrm";
  // Idle easy handles kept between calls; each keeps its own live connections, so a provider
  // called again soon reuses its TCP/TLS connection.
  std::size_t max_idle_handles = 16;
};

// A thread-safe client: TLS peers and host names are verified; responses are decompressed
// (gzip, deflate); only http and https URLs (also for redirects) are accepted; a proxy is taken
// from the standard environment variables (http_proxy, https_proxy, no_proxy, ...), as libcurl
// does by default.
std::shared_ptr<http::Client> make_client(const CurlOptions& options = {});

}  // namespace crm::curl
