// POST/PUT /api/auth and GET /api/health.
#include "adapters/rest/codecs/codecs.hpp"
#include "adapters/rest/codecs/job_codecs.hpp"
#include "adapters/rest/handlers/handlers.hpp"
#include "crm/error.hpp"
#include "crm/jobs.hpp"
#include "crm/users.hpp"
#include "crm/version.hpp"

namespace crm::rest::handlers {
namespace {

Response session_response(Context& ctx, const Session& session, int status) {
  Response r = json_response(
      status, json::object{{"token", session.token}, {"user", codec::user(session.user)}});
  set_session_cookie(ctx, r, session.token);
  return r;
}

// The queue's health (extension), or null when the database cannot say: the probe reports the
// process alive either way; the cause goes to the log.
json::value job_health(Context& ctx) {
  if (auto cached = ctx.engine().jobs().cached_health()) return codec::job_health(*cached);
  ctx.needs_database();
  try {
    return codec::job_health(ctx.engine().jobs().health());
  } catch (const Error& e) {
    ctx.engine().logger().warning(std::string("health: job counts unavailable: ") + e.what());
    return nullptr;
  }
}

}  // namespace

Response login(Context& ctx) {
  const auto& body = ctx.body();
  const auto email = opt_string(body, "email");
  const auto password = opt_string(body, "password");
  if (!email || !password) throw Error::invalid("email and password are required");
  return session_response(ctx, ctx.engine().auth().login(*email, *password), 200);
}

Response setup_first_admin(Context& ctx) {
  const auto& body = ctx.body();
  FirstAdmin input;
  input.email = opt_string(body, "email").value_or("");
  input.password = opt_string(body, "password").value_or("");
  input.first_name = opt_string(body, "firstName").value_or("");
  input.last_name = opt_string(body, "lastName").value_or("");
  return session_response(ctx, ctx.engine().auth().setup_first_admin(input), 201);
}

Response health(Context& ctx) {
  return json_response(200, json::object{{"status", "ok"},
                                         {"service", "libcrm"},
                                         {"version", kVersion},
                                         {"timestamp", iso(ctx.engine().clock().now_ms())},
                                         {"jobs", job_health(ctx)}});
}

}  // namespace crm::rest::handlers
