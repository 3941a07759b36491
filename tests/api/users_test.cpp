// /api/users*: list, invite, me, admin edits and guards, email-account assignment, SMS gateways.
#include <doctest/doctest.h>

#include "core/runtime.hpp"
#include "support/api_fixture.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

std::string users_insert_email_account(ApiFixture& f, const std::string& address) {
  const std::string id = f.engine->runtime().new_id();
  f.sql(
      "INSERT INTO email_accounts (id, email_address, created_at, updated_at) VALUES (?, ?, 0, 0)",
      id, address);
  return id;
}

}  // namespace

TEST_CASE("users: invite returns a temp password once and the user can log in with it") {
  ApiFixture f;
  auto r = f.call("POST", "/api/users", f.admin_token(),
                  json::value{{"email", "Rep@Example.com"},
                              {"firstName", "Rita"},
                              {"lastName", "Rep"},
                              {"role", "REP"},
                              {"phone", "(415) 555-2671"}});
  REQUIRE(r.status == 201);
  const auto& user = r.data().at("user");
  CHECK(user.at("email") == "rep@example.com");
  CHECK(user.at("role") == "REP");
  CHECK(user.at("phone") == "+14155552671");
  CHECK(user.at("invitedById") == json::value(f.admin_id()));
  CHECK(user.at("invitedAt").is_string());
  const std::string temp(r.data().at("tempPassword").as_string());
  CHECK(temp.size() == 16);
  CHECK(
      f.call("POST", "/api/auth", "", json::value{{"email", "rep@example.com"}, {"password", temp}})
          .status == 200);

  CHECK(f.call("POST", "/api/users", f.admin_token(),
               json::value{{"email", "REP@example.com"}, {"firstName", "R"}, {"role", "REP"}})
            .status == 409);
  CHECK(f.call("POST", "/api/users", f.admin_token(),
               json::value{{"email", "x@example.com"}, {"firstName", "R"}, {"role", "BOSS"}})
            .status == 400);
  CHECK(f.call("POST", "/api/users", f.admin_token(),
               json::value{{"email", "x@example.com"}, {"firstName", "R"}})
            .status == 400);
}

TEST_CASE("users: list shapes for admins and for ?active=true") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto all = f.call("GET", "/api/users", f.admin_token());
  REQUIRE(all.status == 200);
  REQUIRE(all.data().as_array().size() == 2);
  const auto& list = all.data().as_array();
  const auto& rep = (list[0].at("email") == "rep@example.com" ? list[0] : list[1]).as_object();
  CHECK(rep.at("invitedBy").at("email") == "admin@example.com");
  CHECK_FALSE(rep.contains("passwordHash"));

  f.call("DELETE", "/api/users/" + rep_id, f.admin_token());
  auto active = f.call("GET", "/api/users?active=true", f.admin_token());
  REQUIRE(active.data().as_array().size() == 1);
  const auto& only = active.data().as_array()[0].as_object();
  CHECK(only.size() == 5);
  CHECK(only.at("role") == "ADMIN");
}

TEST_CASE("users: me shows the inviter; profile edits, email collision, password change") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  f.make_user("other@example.com");
  auto me = f.call("GET", "/api/users/me", rep_token);
  REQUIRE(me.status == 200);
  CHECK(me.data().at("id") == json::value(rep_id));
  CHECK(me.data().at("invitedBy").at("id") == json::value(f.admin_id()));

  auto renamed = f.call("PATCH", "/api/users/me", rep_token,
                        json::value{{"firstName", "Rosa"}, {"phone", nullptr}});
  CHECK(renamed.status == 200);
  CHECK(renamed.data().at("firstName") == "Rosa");
  CHECK(renamed.data().at("phone").is_null());
  CHECK(f.call("PATCH", "/api/users/me", rep_token, json::value{{"email", "OTHER@example.com"}})
            .status == 409);
  CHECK(
      f.call("PATCH", "/api/users/me", rep_token, json::value{{"email", "not-an-email"}}).status ==
      400);
  CHECK(f.call("PATCH", "/api/users/me", rep_token, json::value{{"newPassword", "new-password-1"}})
            .status == 400);
  CHECK(f.call("PATCH", "/api/users/me", rep_token,
               json::value{{"currentPassword", "wrong"}, {"newPassword", "new-password-1"}})
            .status == 400);

  auto changed =
      f.call("PATCH", "/api/users/me", f.admin_token(),
             json::value{{"currentPassword", "correct-horse"}, {"newPassword", "new-password-1"}});
  CHECK(changed.status == 200);
  CHECK(f.call("POST", "/api/auth", "",
               json::value{{"email", "admin@example.com"}, {"password", "new-password-1"}})
            .status == 200);
  CHECK(f.call("POST", "/api/auth", "",
               json::value{{"email", "admin@example.com"}, {"password", "correct-horse"}})
            .status == 401);
  // The change revoked every earlier token and answered with a fresh one (and its cookie).
  CHECK(f.call("GET", "/api/users/me", f.admin_token()).status == 401);
  const std::string fresh(changed.body.at("token").as_string());
  CHECK(changed.raw.header("Set-Cookie").value_or("").find("token=" + fresh) == 0);
  CHECK(f.call("GET", "/api/users/me", fresh).status == 200);
  CHECK(f.call("PATCH", "/api/users/me", fresh,
               json::value{{"currentPassword", "new-password-1"}, {"newPassword", "short"}})
            .status == 400);
}

TEST_CASE("users: admin edits with self and last-admin guards") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const std::string admin = f.admin_token();

  auto promoted = f.call("PATCH", "/api/users/" + rep_id, admin,
                         json::value{{"role", "ADMIN"}, {"lastName", "Lead"}});
  REQUIRE(promoted.status == 200);
  CHECK(promoted.data().at("role") == "ADMIN");
  CHECK(promoted.data().at("lastName") == "Lead");

  CHECK(f.call("PATCH", "/api/users/" + f.admin_id(), admin, json::value{{"isActive", false}})
            .status == 400);
  CHECK(f.call("DELETE", "/api/users/" + f.admin_id(), admin).status == 400);
  // Two admins: demoting one is fine; then the remaining one is the last.
  CHECK(f.call("PATCH", "/api/users/" + rep_id, admin, json::value{{"role", "REP"}}).status == 200);
  auto demote_last =
      f.call("PATCH", "/api/users/" + f.admin_id(), admin, json::value{{"role", "REP"}});
  CHECK(demote_last.status == 400);
  CHECK(demote_last.error().find("last active admin") != std::string::npos);

  CHECK(f.call("PATCH", "/api/users/nope", admin, json::value{{"firstName", "X"}}).status == 404);
  CHECK(f.call("PATCH", "/api/users/" + rep_id, admin, json::value{{"role", "OWNER"}}).status ==
        400);
  CHECK(f.call("PATCH", "/api/users/" + rep_id, admin, json::value{{"isActive", "no"}}).status ==
        400);
  // The role changes revoked the rep's session; a rep with a valid one is refused by role.
  CHECK(
      f.call("PATCH", "/api/users/" + rep_id, rep_token, json::value{{"firstName", "X"}}).status ==
      401);
  auto [other_rep_token, other_rep_id] = f.make_user("rep2@example.com");
  CHECK(f.call("PATCH", "/api/users/" + rep_id, other_rep_token, json::value{{"firstName", "X"}})
            .status == 403);

  auto deleted = f.call("DELETE", "/api/users/" + rep_id, admin);
  CHECK(deleted.status == 200);
  CHECK(deleted.data().at("isActive") == false);
}

TEST_CASE("users: email account assignment keeps one account per user") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const std::string a1 = users_insert_email_account(f, "sales1@example.com");
  const std::string a2 = users_insert_email_account(f, "sales2@example.com");
  const std::string admin = f.admin_token();

  auto r = f.call("PATCH", "/api/users/" + rep_id + "/email-account", admin,
                  json::value{{"emailAccountId", a1}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("emailAccountId") == json::value(a1));
  // Giving a1 to the admin detaches it from the rep; then the rep gets a2.
  f.call("PATCH", "/api/users/" + f.admin_id() + "/email-account", admin,
         json::value{{"emailAccountId", a1}});
  f.call("PATCH", "/api/users/" + rep_id + "/email-account", admin,
         json::value{{"emailAccountId", a2}});
  auto tx = f.engine->runtime().db->read();
  CHECK(tx->query("SELECT user_id FROM email_accounts WHERE id = ?", a1).first().text("user_id") ==
        f.admin_id());
  CHECK(tx->query("SELECT user_id FROM email_accounts WHERE id = ?", a2).first().text("user_id") ==
        rep_id);
  tx.reset();

  auto cleared = f.call("PATCH", "/api/users/" + rep_id + "/email-account", admin,
                        json::value{{"emailAccountId", nullptr}});
  CHECK(cleared.status == 200);
  CHECK(cleared.data().at("emailAccountId").is_null());
  CHECK(f.call("PATCH", "/api/users/" + rep_id + "/email-account", admin,
               json::value{{"emailAccountId", "nope"}})
            .status == 404);
  CHECK(
      f.call("PATCH", "/api/users/" + rep_id + "/email-account", admin, json::value(json::object{}))
          .status == 400);
}

TEST_CASE("users: SMS gateway create, read without password, update, delete") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  const std::string admin = f.admin_token();
  const std::string path = "/api/users/" + rep_id + "/sms-gateway";

  auto none = f.call("GET", path, admin);
  CHECK(none.status == 200);
  CHECK(none.data().is_null());

  const json::value body{{"label", "Rep phone"},
                         {"gatewayUrl", "http://127.0.0.1:8080"},
                         {"username", "sms"},
                         {"password", "s3cret-pass"},
                         {"fromNumber", "(415) 555-2671"}};
  auto created = f.call("POST", path, admin, body);
  REQUIRE(created.status == 201);
  CHECK(created.data().at("fromNumber") == "+14155552671");
  CHECK(created.data().at("isActive") == true);
  CHECK_FALSE(created.data().as_object().contains("password"));
  CHECK(f.call("POST", path, admin, body).status == 409);

  {
    auto tx = f.engine->runtime().db->read();
    const std::string stored =
        tx->query("SELECT password_enc FROM sms_gateways").first().text("password_enc");
    CHECK(stored.find("s3cret-pass") == std::string::npos);
  }
  CHECK(f.engine->users().sms_gateway_password(rep_id) == "s3cret-pass");

  auto updated =
      f.call("PATCH", path, admin, json::value{{"isActive", false}, {"password", "rotated-pass"}});
  REQUIRE(updated.status == 200);
  CHECK(updated.data().at("isActive") == false);
  CHECK(updated.data().at("label") == "Rep phone");
  CHECK(f.engine->users().sms_gateway_password(rep_id) == "rotated-pass");
  CHECK(f.call("PATCH", path, admin, json::value{{"fromNumber", "12"}}).status == 400);
  CHECK(f.call("PATCH", path, admin, json::value{{"gatewayUrl", "ftp://x"}}).status == 400);

  CHECK(f.call("GET", path, rep_token).status == 403);
  CHECK(f.call("GET", "/api/users/nope/sms-gateway", admin).status == 404);

  auto deleted = f.call("DELETE", path, admin);
  CHECK(deleted.status == 200);
  CHECK(deleted.data().at("deleted") == 1);
  CHECK(f.call("PATCH", path, admin, json::value{{"label", "x"}}).status == 404);
  CHECK(f.call("POST", path, admin, json::value{{"label", "x"}}).status == 400);
}
