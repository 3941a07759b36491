// SettingsService: string key -> string value; secrets sealed at rest and shown to admins only.
#include <algorithm>

#include "core/records/visibility.hpp"
#include "core/reference/settings_store.hpp"
#include "core/runtime.hpp"
#include "core/util/time_zone.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/reference.hpp"

namespace crm {
namespace {

// Sequence throttles and staleness (DOMAIN.md §8): sms_max_per_minute, email_max_per_day, ...
// (optionally ".<userId>" for one sender) and max_lateness_minutes take whole numbers.
bool is_count_setting(std::string_view key) {
  const auto base = key.substr(0, key.find('.'));
  return base == "max_lateness_minutes" || base == "sms_max_per_minute" ||
         base == "sms_max_per_day" || base == "email_max_per_minute" || base == "email_max_per_day";
}

void check_count(const std::string& value) {
  const bool digits =
      !value.empty() && value.size() <= 9 &&
      std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) throw Error::invalid("value must be a whole number (0 to 999999999)");
}

constexpr std::size_t kMaxKeyLength = 100;

void check_key(std::string_view key) {
  const bool ok =
      !key.empty() && key.size() <= kMaxKeyLength &&
      std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      });
  if (!ok) throw Error::invalid("key must be 1-100 characters of a-z, 0-9, '_', '.', '-'");
}

}  // namespace

SettingsService::SettingsService(detail::Runtime& rt) : rt_(rt) {}

bool SettingsService::is_secret(std::string_view key) { return settings_store::is_secret(key); }
bool SettingsService::is_admin_only(std::string_view key) {
  return settings_store::is_admin_only(key);
}

std::map<std::string, std::string> SettingsService::all(const Actor& actor) {
  auto tx = rt_.db->read();
  std::map<std::string, std::string> out;
  for (const auto& row :
       tx->query("SELECT key, value, is_secret FROM settings ORDER BY key").rows) {
    std::string key = row.text("key");
    if (!actor.is_admin() && is_admin_only(key)) continue;
    if (!row.boolean("is_secret")) {
      out[key] = row.text("value");
      continue;
    }
    try {
      out[key] = rt_.secrets.open(row.text("value"));
    } catch (const Error&) {
      // Sealed under another key (ENCRYPTION_KEY changed): say so instead of failing the page.
      rt_.log().warning("setting " + key + " cannot be opened with this ENCRYPTION_KEY");
      out[key] = "";
    }
  }
  return out;
}

void SettingsService::set(const Actor& actor, std::string_view key,
                          const std::optional<std::string>& value) {
  visibility::require_admin(actor);
  check_key(key);
  std::optional<std::string> stored = value;
  if (stored && key == "alert_email" && !stored->empty())
    stored = validate::email("value", *stored);
  if (stored && key == "default_timezone") stored = tz::field("value", stored);
  if (stored && is_count_setting(key)) check_count(*stored);
  const bool secret = is_secret(key);
  if (stored && secret) stored = rt_.secrets.seal(*stored);
  rt_.db->write([&](sql::Transaction& tx) {
    if (!stored) {
      tx.query("DELETE FROM settings WHERE key = ?", key);
      return;
    }
    tx.query(
        "INSERT INTO settings (key, value, is_secret, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, is_secret = excluded.is_secret, "
        "updated_at = excluded.updated_at",
        key, *stored, secret, rt_.now());
  });
}

std::optional<std::string> SettingsService::get(std::string_view key) {
  auto tx = rt_.db->read();
  return settings_store::get(tx->connection(), rt_.secrets, key);
}

}  // namespace crm
