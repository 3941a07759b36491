// /api/users*: listing, invites, profiles, email-account assignment, SMS gateways.
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/codecs/direct_codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/error.hpp"
#include "crm/users.hpp"

namespace crm::rest::handlers {
namespace {

json::object user_with_inviter(const UserWithInviter& u) {
  json::object out = codec::user(u.user);
  out["invitedBy"] =
      u.invited_by ? json::value(codec::user_summary(*u.invited_by)) : json::value(nullptr);
  return out;
}

SmsGatewayInput gateway_input(const json::object& body) {
  SmsGatewayInput in;
  in.label = opt_string(body, "label");
  in.gateway_url = opt_string(body, "gatewayUrl");
  in.username = opt_string(body, "username");
  in.password = opt_string(body, "password");
  in.from_number = opt_string(body, "fromNumber");
  in.is_active = opt_bool(body, "isActive");
  return in;
}

}  // namespace

Response list_users(Context& ctx) {
  if (ctx.query_flag("active")) {
    return data(to_array(ctx.engine().users().list_active(), [](const User& u) {
      return json::object{{"id", u.id},
                          {"email", u.email},
                          {"firstName", u.first_name},
                          {"lastName", u.last_name},
                          {"role", to_string(u.role)}};
    }));
  }
  if (!ctx.actor().is_admin()) throw Error::forbidden("Forbidden");
  return data(to_array(ctx.engine().users().list_all(), user_with_inviter));
}

Response invite_user(Context& ctx) {
  const auto& body = ctx.body();
  NewUser in;
  in.email = opt_string(body, "email").value_or("");
  in.first_name = opt_string(body, "firstName").value_or("");
  in.last_name = opt_string(body, "lastName").value_or("");
  in.phone = opt_string(body, "phone");
  const auto role = opt_enum<Role>(body, "role", parse_role);
  if (!role) throw Error::invalid("role is required");
  in.role = *role;
  const InvitedUser invited = ctx.engine().users().invite(ctx.actor(), in);
  return data(
      json::object{{"user", codec::user(invited.user)}, {"tempPassword", invited.temp_password}},
      201);
}

Response get_me(Context& ctx) {
  // The signed-in user as authentication found it (the principal cache: this engine's own
  // changes at once, other processes' within its TTL), written straight into the body.
  return json_text_response(200, direct::me(ctx.principal()));
}

Response update_me(Context& ctx) {
  const auto& body = ctx.body();
  ProfileUpdate u;
  u.first_name = opt_string(body, "firstName");
  u.last_name = opt_string(body, "lastName");
  u.email = opt_string(body, "email");
  u.phone = nullable_string(body, "phone");
  u.current_password = opt_string(body, "currentPassword");
  u.new_password = opt_string(body, "newPassword");
  const ProfileResult result = ctx.engine().users().update_profile(ctx.actor(), u);
  if (!result.new_token) return data(codec::user(result.user));
  // A password change revoked every earlier token, this request's included: hand out a new one.
  Response r = json_response(
      200, json::object{{"data", codec::user(result.user)}, {"token", *result.new_token}});
  set_session_cookie(ctx, r, *result.new_token);
  return r;
}

Response update_user(Context& ctx) {
  const auto& body = ctx.body();
  UserUpdate u;
  u.first_name = opt_string(body, "firstName");
  u.last_name = opt_string(body, "lastName");
  u.phone = nullable_string(body, "phone");
  u.role = opt_enum<Role>(body, "role", parse_role);
  u.is_active = opt_bool(body, "isActive");
  return data(codec::user(ctx.engine().users().update(ctx.actor(), ctx.param("id"), u)));
}

Response delete_user(Context& ctx) {
  return data(codec::user(ctx.engine().users().deactivate(ctx.actor(), ctx.param("id"))));
}

Response assign_email_account(Context& ctx) {
  const auto& body = ctx.body();
  if (!has_key(body, "emailAccountId"))
    throw Error::invalid("emailAccountId is required (string or null)");
  const auto account_id = nullable_string(body, "emailAccountId");
  const auto assigned = ctx.engine().users().assign_email_account(ctx.param("id"), *account_id);
  return data(
      json::object{{"userId", ctx.param("id")},
                   {"emailAccountId", assigned ? json::value(assigned->id) : json::value(nullptr)},
                   {"emailAccount", assigned ? json::value(codec::email_account(*assigned))
                                             : json::value(nullptr)}});
}

Response get_sms_gateway(Context& ctx) {
  const auto gateway = ctx.engine().users().get_sms_gateway(ctx.param("id"));
  return data(gateway ? json::value(codec::sms_gateway(*gateway)) : json::value(nullptr));
}

Response create_sms_gateway(Context& ctx) {
  return data(codec::sms_gateway(ctx.engine().users().create_sms_gateway(
                  ctx.param("id"), gateway_input(ctx.body()))),
              201);
}

Response update_sms_gateway(Context& ctx) {
  return data(codec::sms_gateway(
      ctx.engine().users().update_sms_gateway(ctx.param("id"), gateway_input(ctx.body()))));
}

Response delete_sms_gateway(Context& ctx) {
  return data(json::object{{"deleted", ctx.engine().users().delete_sms_gateways(ctx.param("id"))}});
}

}  // namespace crm::rest::handlers
