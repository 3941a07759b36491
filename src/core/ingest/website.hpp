#pragma once
// Websites as match keys (DOMAIN.md §15: companies match by website domain first). Pure.

#include <optional>
#include <string>
#include <string_view>

namespace crm::website {

// The lower-cased host of a URL or bare domain ("https://WWW.Acme.com:443/x" -> "www.acme.com";
// "acme.com/menu" -> "acme.com"). nullopt when there is no plausible host (no dot, spaces).
std::optional<std::string> host(std::string_view url);

// Whether `host` belongs to a platform many businesses share (social networks, directories,
// site builders' own domains, link shorteners): a website there says nothing about which
// business it is, so it is never a match key nor picked as a business's own site.
bool is_platform_host(std::string_view host);

// The match key of a website: its host without a leading "www." (or "m."); nullopt for no host
// or a platform host ("facebook.com/acme" -> nullopt; "acme.wixsite.com" -> "acme.wixsite.com",
// a site of its own).
std::optional<std::string> domain_key(std::string_view url);

}  // namespace crm::website
