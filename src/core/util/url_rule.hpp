#pragma once
// Web URLs as stored (pure, no I/O): http and https only, so that nothing a client saves turns
// into a `javascript:` or `data:` link in a browser.

#include <optional>
#include <string>
#include <string_view>

namespace crm::url_rule {

// The URL to store for `s` (already trimmed, free of control characters):
//   "https://acme.com/x", "HTTP://acme.com"   -> as given, scheme lower-cased
//   "acme.com/about", "localhost:8080", "//acme.com" -> "https://" prepended (a bare domain)
// nullopt for any other scheme ("javascript:", "data:", "ftp://", "mailto:"), a missing host,
// or whitespace inside.
std::optional<std::string> normalize_web_url(std::string_view s);

}  // namespace crm::url_rule
