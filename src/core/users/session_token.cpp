#include "core/users/session_token.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/runtime.hpp"
#include "core/security/jwt.hpp"

namespace crm::session_token {

std::string issue(const detail::Runtime& rt, const User& user) {
  const std::int64_t iat = rt.now() / 1000;
  boost::json::object claims{
      {"userId", user.id}, {"email", user.email},           {"role", to_string(user.role)},
      {"iat", iat},        {"exp", iat + kLifetime / 1000}, {"tv", user.token_version}};
  return jwt::sign_hs256(boost::json::serialize(claims), rt.options.jwt_secret);
}

}  // namespace crm::session_token
