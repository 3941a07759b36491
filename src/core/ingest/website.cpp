#include "core/ingest/website.hpp"

#include <array>

#include "core/util/text.hpp"

namespace crm::website {
namespace {

// Hosts (and their subdomains) whose pages belong to many businesses.
constexpr std::array<std::string_view, 40> kPlatformHosts = {
    "facebook.com",     "fb.com",          "instagram.com", "twitter.com",   "x.com",
    "linkedin.com",     "youtube.com",     "tiktok.com",    "pinterest.com", "yelp.com",
    "google.com",       "goo.gl",          "g.page",        "business.site", "maps.app.goo.gl",
    "tripadvisor.com",  "yellowpages.com", "bbb.org",       "nextdoor.com",  "angi.com",
    "thumbtack.com",    "houzz.com",       "linktr.ee",     "bit.ly",        "doordash.com",
    "ubereats.com",     "grubhub.com",     "toasttab.com",  "opentable.com", "squareup.com",
    "square.site",      "wixsite.com",     "weebly.com",    "wordpress.com", "blogspot.com",
    "godaddysites.com", "myshopify.com",   "vagaro.com",    "booksy.com",    "mapquest.com",
};

// Site builders give each business a subdomain of its own: "acme.wixsite.com" identifies one
// business, "wixsite.com" none.
constexpr std::array<std::string_view, 8> kSubdomainSites = {
    "wixsite.com", "weebly.com",       "wordpress.com", "blogspot.com",
    "square.site", "godaddysites.com", "myshopify.com", "business.site",
};

bool is_or_under(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

std::string_view strip_www(std::string_view host) {
  for (std::string_view prefix : {"www.", "m."})
    if (host.starts_with(prefix) && host.size() > prefix.size()) return host.substr(prefix.size());
  return host;
}

}  // namespace

std::optional<std::string> host(std::string_view url) {
  std::string s = text::trim(url);
  std::string_view v = s;
  if (const auto scheme = v.find("://"); scheme != std::string_view::npos)
    v.remove_prefix(scheme + 3);
  else if (v.starts_with("//"))
    v.remove_prefix(2);
  v = v.substr(0, v.find_first_of("/?#"));
  if (const auto at = v.rfind('@'); at != std::string_view::npos) v.remove_prefix(at + 1);
  v = v.substr(0, v.find(':'));
  while (v.ends_with('.')) v.remove_suffix(1);
  if (v.empty() || v.find('.') == std::string_view::npos || v.front() == '.') return std::nullopt;
  for (const char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return std::nullopt;
  }
  return text::lower(v);
}

bool is_platform_host(std::string_view h) {
  const std::string_view bare = strip_www(h);
  for (std::string_view site : kSubdomainSites)
    if (is_or_under(bare, site)) return bare == site;
  for (std::string_view platform : kPlatformHosts)
    if (is_or_under(bare, platform)) return true;
  return false;
}

std::optional<std::string> domain_key(std::string_view url) {
  const auto h = host(url);
  if (!h || is_platform_host(*h)) return std::nullopt;
  return std::string(strip_www(*h));
}

}  // namespace crm::website
