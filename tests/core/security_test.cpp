#include <doctest/doctest.h>

#include "core/security/jwt.hpp"
#include "core/security/password.hpp"
#include "core/security/secret_box.hpp"
#include "core/util/base64.hpp"
#include "core/util/ids.hpp"
#include "core/util/phone.hpp"
#include "core/util/text.hpp"
#include "crm/error.hpp"

using namespace crm;

TEST_CASE("jwt HS256 signs and verifies; tampering and other algorithms fail") {
  const std::string secret = "0123456789abcdef0123456789abcdef";
  const std::string token = jwt::sign_hs256(R"({"userId":"u1"})", secret);
  CHECK(jwt::verify_hs256(token, secret) == R"({"userId":"u1"})");
  CHECK_FALSE(jwt::verify_hs256(token, secret + "x").has_value());
  std::string tampered = token;
  tampered[tampered.find('.') + 2] ^= 1;
  CHECK_FALSE(jwt::verify_hs256(tampered, secret).has_value());
  const std::string none = base64url_encode(R"({"alg":"none"})") + "." + base64url_encode(R"({"userId":"u1"})") + ".";
  CHECK_FALSE(jwt::verify_hs256(none, secret).has_value());
  const std::string hs512 = base64url_encode(R"({"alg":"HS512"})") + token.substr(token.find('.'));
  CHECK_FALSE(jwt::verify_hs256(hs512, secret).has_value());
  CHECK_FALSE(jwt::verify_hs256("a.b", secret).has_value());
}

TEST_CASE("jwt verifies a token minted by jsonwebtoken (Node) with the same secret") {
  // jwt.sign({userId:"u1",email:"a@b.co",role:"ADMIN"}, "0123456789abcdef0123456789abcdef",
  //          {expiresIn:"7d"}) with iat 1700000000: header {"alg":"HS256","typ":"JWT"}.
  const std::string secret = "0123456789abcdef0123456789abcdef";
  const std::string payload = R"({"userId":"u1","email":"a@b.co","role":"ADMIN","iat":1700000000,"exp":1700604800})";
  const std::string token = jwt::sign_hs256(payload, secret);
  CHECK(token.substr(0, token.find('.')) == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
  CHECK(jwt::verify_hs256(token, secret) == payload);
}

TEST_CASE("bcrypt hashes are $2b$ and verify; legacy $2a$ hashes verify") {
  const std::string h = password::hash("correct horse", 4);
  CHECK(h.rfind("$2b$04$", 0) == 0);
  CHECK(password::verify("correct horse", h));
  CHECK_FALSE(password::verify("wrong horse", h));
  CHECK_FALSE(password::verify("anything", "not-a-hash"));
  // bcryptjs wrote $2a$ hashes; the same digest under that prefix must verify.
  const std::string legacy = "$2a" + h.substr(3);
  CHECK(password::verify("correct horse", legacy));
}

TEST_CASE("secret box round-trips and rejects other keys") {
  SecretBox box("key material");
  const std::string sealed = box.seal("gateway-password");
  CHECK(sealed.rfind("v1:", 0) == 0);
  CHECK(sealed.find("gateway-password") == std::string::npos);
  CHECK(box.open(sealed) == "gateway-password");
  CHECK(box.seal("x") != box.seal("x"));  // random nonce
  CHECK_THROWS_AS(SecretBox("other key").open(sealed), Error);
  SecretBox hex_key(std::string(64, 'a'));
  CHECK(hex_key.open(hex_key.seal("")) == "");
}

TEST_CASE("E.164 normalization") {
  CHECK(phone::to_e164("(415) 555-2671") == "+14155552671");
  CHECK(phone::to_e164("415.555.2671") == "+14155552671");
  CHECK(phone::to_e164("+44 20 7946 0958") == "+442079460958");
  CHECK(phone::to_e164("555-123-4567") == "+15551234567");
  CHECK_FALSE(phone::to_e164("12").has_value());
  CHECK_FALSE(phone::to_e164("call me").has_value());
}

TEST_CASE("ids are sortable, unique and URL-safe") {
  const std::string a = ids::new_id(1000), b = ids::new_id(2000);
  CHECK(a.size() == 26);
  CHECK(a < b);
  CHECK(ids::new_id(1000) != ids::new_id(1000));
  for (char c : ids::random_token(32)) CHECK((std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'));
  CHECK(ids::random_password(16).size() == 16);
}

TEST_CASE("text helpers") {
  CHECK(text::normalize_email("  A@B.Co ") == "a@b.co");
  CHECK(text::digits("(555) 123-4567") == "5551234567");
  CHECK(text::looks_like_email("a@b.co"));
  CHECK_FALSE(text::looks_like_email("a@b"));
  CHECK_FALSE(text::looks_like_email("a b@c.de"));
  CHECK(text::contains_pattern("50%_Off") == "%50\\%\\_off%");
}
