// UserService: the per-user SMS gateway (android-sms-gateway) settings.
#include "core/runtime.hpp"
#include "core/users/user_repo.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm {
namespace {

constexpr std::string_view kGatewayColumns =
    "id, user_id, label, gateway_url, username, from_number, is_active, created_at, updated_at";

std::optional<SmsGateway> find_gateway(sql::Connection& conn, std::string_view user_id) {
  const auto res =
      conn.query("SELECT " + std::string(kGatewayColumns) +
                     " FROM sms_gateways WHERE user_id = ? ORDER BY created_at DESC LIMIT 1",
                 user_id);
  if (res.empty()) return std::nullopt;
  return user_repo::row_to_sms_gateway(res.first());
}

// The stored fields and their limits (docs/decisions.md "Input limits").
constexpr auto kLabel = validate::line_field("label");
constexpr auto kGatewayUrl = validate::url_field("gatewayUrl");
constexpr auto kUsername = validate::line_field("username");
constexpr auto kPassword = validate::secret_field("password");
constexpr auto kFromNumber = validate::phone_field("fromNumber");

}  // namespace

std::optional<SmsGateway> UserService::get_sms_gateway(std::string_view user_id) {
  auto tx = rt_.db->read();
  user_repo::require(tx->connection(), user_id);
  return find_gateway(tx->connection(), user_id);
}

SmsGateway UserService::create_sms_gateway(std::string_view user_id, const SmsGatewayInput& in) {
  const std::string label = validate::required(kLabel, in.label);
  const std::string url = validate::required(kGatewayUrl, in.gateway_url);
  const std::string username = validate::required(kUsername, in.username);
  const std::string sealed = rt_.secrets.seal(validate::required(kPassword, in.password));
  const std::string from =
      validate::phone_e164(kFromNumber.name, validate::required(kFromNumber, in.from_number));

  return rt_.db->write([&](sql::Transaction& tx) {
    // The user's row lock makes "one gateway per user" hold between concurrent creates.
    user_repo::require(tx.connection(), user_id, sql::Lock::kForUpdate);
    if (find_gateway(tx.connection(), user_id))
      throw Error::conflict("User already has an SMS gateway; update it with PATCH");
    const TimeMs now = rt_.now();
    const std::string id = rt_.new_id();
    tx.query(
        "INSERT INTO sms_gateways (id, user_id, label, gateway_url, username, password_enc, "
        "from_number, is_active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        id, user_id, label, url, username, sealed, from, in.is_active.value_or(true), now, now);
    return *find_gateway(tx.connection(), user_id);
  });
}

SmsGateway UserService::update_sms_gateway(std::string_view user_id, const SmsGatewayInput& in) {
  std::optional<std::string> label, url, username, from, sealed;
  if (in.label) label = validate::required(kLabel, in.label);
  if (in.gateway_url) url = validate::required(kGatewayUrl, in.gateway_url);
  if (in.username) username = validate::required(kUsername, in.username);
  if (in.from_number) from = validate::phone_e164(kFromNumber.name, *in.from_number);
  if (in.password) sealed = rt_.secrets.seal(validate::required(kPassword, in.password));

  return rt_.db->write([&](sql::Transaction& tx) {
    user_repo::require(tx.connection(), user_id);
    auto existing = find_gateway(tx.connection(), user_id);
    if (!existing) throw Error::not_found("SMS gateway not found");
    tx.query(
        "UPDATE sms_gateways SET label = COALESCE(?, label), gateway_url = COALESCE(?, "
        "gateway_url), "
        "username = COALESCE(?, username), password_enc = COALESCE(?, password_enc), "
        "from_number = COALESCE(?, from_number), is_active = COALESCE(?, is_active), updated_at = "
        "? "
        "WHERE id = ?",
        label, url, username, sealed, from, in.is_active, rt_.now(), existing->id);
    return *find_gateway(tx.connection(), user_id);
  });
}

int UserService::delete_sms_gateways(std::string_view user_id) {
  return rt_.db->write([&](sql::Transaction& tx) {
    user_repo::require(tx.connection(), user_id);
    return static_cast<int>(
        tx.query("DELETE FROM sms_gateways WHERE user_id = ?", user_id).changes);
  });
}

std::string UserService::sms_gateway_password(std::string_view user_id) {
  auto tx = rt_.db->read();
  const auto res = tx->query(
      "SELECT password_enc FROM sms_gateways WHERE user_id = ? ORDER BY created_at DESC LIMIT 1",
      user_id);
  if (res.empty()) throw Error::not_found("SMS gateway not found");
  return rt_.secrets.open(res.first().text("password_enc"));
}

}  // namespace crm
