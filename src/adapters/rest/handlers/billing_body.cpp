#include "adapters/rest/handlers/billing_handlers.hpp"
#include "core/util/decimal.hpp"
#include "crm/error.hpp"
#include "crm/invoices.hpp"

namespace crm::rest::handlers {

std::optional<std::int64_t> opt_quantity(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(json::string_view(key.data(), key.size()));
  if (!v || v->is_null()) return std::nullopt;
  constexpr int kDecimals = 3;  // kQuantityScale
  std::optional<std::int64_t> q;
  if (v->is_int64())
    q = decimal::fixed_from_double(static_cast<double>(v->get_int64()), kDecimals);
  else if (v->is_uint64())
    q = decimal::fixed_from_double(static_cast<double>(v->get_uint64()), kDecimals);
  else if (v->is_double())
    q = decimal::fixed_from_double(v->get_double(), kDecimals);
  else if (v->is_string())
    q = decimal::parse_fixed(std::string_view(v->get_string()), kDecimals);
  if (!q) throw Error::invalid(std::string(key) + " must be a number with at most 3 decimals");
  return q;
}

std::optional<std::vector<std::string>> opt_string_array(const json::object& body,
                                                         std::string_view key) {
  const auto* v = body.if_contains(json::string_view(key.data(), key.size()));
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) throw Error::invalid(std::string(key) + " must be an array of strings");
  std::vector<std::string> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) throw Error::invalid(std::string(key) + " must be an array of strings");
    out.emplace_back(item.get_string());
  }
  return out;
}

std::vector<const json::object*> object_array(const json::object& body, std::string_view key) {
  const auto* v = body.if_contains(json::string_view(key.data(), key.size()));
  std::vector<const json::object*> out;
  if (!v || v->is_null()) return out;
  if (!v->is_array()) throw Error::invalid(std::string(key) + " must be an array of objects");
  for (const auto& item : v->get_array()) {
    if (!item.is_object()) throw Error::invalid(std::string(key) + " must be an array of objects");
    out.push_back(&item.get_object());
  }
  return out;
}

std::optional<std::string> query_text(const Context& ctx, std::string_view name) {
  auto v = ctx.query(name);
  if (v && v->empty()) v.reset();
  return v;
}

ActiveFilter query_active(const Context& ctx, ActiveFilter fallback) {
  const auto v = ctx.query("active");
  if (!v || v->empty()) return fallback;
  if (*v == "true") return ActiveFilter::kActive;
  if (*v == "false") return ActiveFilter::kInactive;
  if (*v == "all") return ActiveFilter::kAll;
  throw Error::invalid("active must be true, false or all");
}

}  // namespace crm::rest::handlers
