#include "core/reference/settings_store.hpp"

#include <array>

#include "core/security/secret_box.hpp"
#include "core/util/text.hpp"

namespace crm::settings_store {

bool is_secret(std::string_view key) {
  static constexpr std::array<std::string_view, 7> kMarkers = {
      "token", "secret", "password", "api_key", "apikey", "credential", "private_key"};
  const std::string k = text::lower(key);
  for (auto marker : kMarkers)
    if (k.find(marker) != std::string::npos) return true;
  return false;
}

bool is_admin_only(std::string_view key) { return is_secret(key) || key.starts_with("qb_"); }

std::optional<std::string> get(sql::Connection& conn, const SecretBox& box, std::string_view key) {
  const auto res = conn.query("SELECT value, is_secret FROM settings WHERE key = ?", key);
  if (res.empty()) return std::nullopt;
  const auto& row = res.first();
  return row.boolean("is_secret") ? box.open(row.text("value")) : row.text("value");
}

}  // namespace crm::settings_store
