// /api/pay/[token] and /api/proposals/[token]/sign: public, the payment token is the secret.
#include <algorithm>

#include "adapters/rest/codecs/billing_codecs.hpp"
#include "adapters/rest/handlers/billing_handlers.hpp"
#include "crm/invoices.hpp"

namespace crm::rest::handlers {
namespace {

constexpr std::size_t kMaxUserAgent = 512;

std::string trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// The client's IP (DOMAIN.md §11): the socket's peer, unless that peer is a trusted proxy; then
// the right-most X-Forwarded-For entry that is not itself a trusted proxy.
std::string client_ip(const Context& ctx) {
  const auto& req = ctx.request();
  const auto& trusted = ctx.engine().options().trusted_proxies;
  const auto is_trusted = [&](const std::string& ip) {
    return std::find(trusted.begin(), trusted.end(), ip) != trusted.end();
  };
  if (!is_trusted(req.remote_addr)) return req.remote_addr;
  const auto forwarded = req.header("x-forwarded-for");
  if (!forwarded) return req.remote_addr;
  std::vector<std::string> hops;
  std::string_view rest = *forwarded;
  while (true) {
    const auto comma = rest.find(',');
    hops.push_back(trim(rest.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it)
    if (!it->empty() && !is_trusted(*it)) return *it;
  return req.remote_addr;
}

std::string user_agent(const Context& ctx) {
  return std::string(ctx.request().header("user-agent").value_or("").substr(0, kMaxUserAgent));
}

}  // namespace

Response get_public_invoice(Context& ctx) {
  PublicViewer viewer;
  if (ctx.has_user()) viewer.user = ctx.actor();
  viewer.ip = client_ip(ctx);
  viewer.user_agent = user_agent(ctx);
  return data(
      codec::public_invoice(ctx.engine().invoices().view_public(ctx.param("token"), viewer)));
}

Response sign_proposal(Context& ctx) {
  SignInput in;
  in.signed_name = opt_string(ctx.body(), "signedName").value_or("");
  in.ip = client_ip(ctx);
  in.user_agent = user_agent(ctx);
  return data(codec::public_invoice(ctx.engine().invoices().sign(ctx.param("token"), in)));
}

}  // namespace crm::rest::handlers
