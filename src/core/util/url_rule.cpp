#include "core/util/url_rule.hpp"

#include "core/util/text.hpp"

namespace crm::url_rule {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool is_scheme(std::string_view s) {
  if (s.empty() || !is_alpha(s[0])) return false;
  for (char c : s)
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

// "8080" in "host:8080/x": digits up to the end of the authority.
bool is_port(std::string_view after_colon) {
  std::size_t n = 0;
  while (n < after_colon.size() && is_digit(after_colon[n])) ++n;
  return n > 0 && (n == after_colon.size() || after_colon[n] == '/' || after_colon[n] == '?' ||
                   after_colon[n] == '#');
}

// The host of an authority ("user@host:port"): what follows the last '@', before any port.
std::string_view host_of(std::string_view authority) {
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  if (authority.starts_with('[')) return authority.substr(0, authority.find(']') + 1);  // IPv6
  return authority.substr(0, authority.find(':'));
}

std::string_view authority_of(std::string_view after_slashes) {
  return after_slashes.substr(0, after_slashes.find_first_of("/?#"));
}

}  // namespace

std::optional<std::string> normalize_web_url(std::string_view s) {
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\') return std::nullopt;

  const auto colon = s.find(':');
  const auto first_delim = s.find_first_of("/?#");
  const bool has_scheme = colon != std::string_view::npos &&
                          (first_delim == std::string_view::npos || colon < first_delim) &&
                          is_scheme(s.substr(0, colon)) && !is_port(s.substr(colon + 1));
  std::string url;
  bool bare = false;
  if (has_scheme) {
    const std::string scheme = text::lower(s.substr(0, colon));
    if ((scheme != "http" && scheme != "https") || s.substr(colon + 1, 2) != "//")
      return std::nullopt;
    url = scheme + std::string(s.substr(colon));
  } else if (s.starts_with("//")) {
    url = "https:" + std::string(s);
  } else {
    url = "https://" + std::string(s);
    bare = true;
  }
  const std::string_view rest = std::string_view(url).substr(url.find("//") + 2);
  const std::string_view host = host_of(authority_of(rest));
  if (host.empty()) return std::nullopt;
  // A bare word ("n/a", "none") is not a domain: ask for a dot (or localhost).
  if (bare && host.find('.') == std::string_view::npos && text::lower(host) != "localhost" &&
      !host.starts_with('['))
    return std::nullopt;
  return url;
}

}  // namespace crm::url_rule
