#include "core/security/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/util/base64.hpp"

namespace crm::jwt {
namespace {

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

}  // namespace

std::string sign_hs256(std::string_view payload_json, std::string_view secret) {
  std::string signing_input = base64url_encode(kHeader) + "." + base64url_encode(payload_json);
  return signing_input + "." + base64url_encode(hmac_sha256(secret, signing_input));
}

std::optional<std::string> verify_hs256(std::string_view token, std::string_view secret) {
  const auto dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return std::nullopt;
  const auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return std::nullopt;

  const auto header = base64url_decode_strict(token.substr(0, dot1));
  if (!header) return std::nullopt;
  // The payload must decode strictly too, before the signature is worth checking.
  const auto payload = base64url_decode_strict(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload) return std::nullopt;
  boost::system::error_code ec;
  const auto header_json = boost::json::parse(*header, ec);
  if (ec || !header_json.is_object()) return std::nullopt;
  const auto* alg = header_json.as_object().if_contains("alg");
  if (!alg || !alg->is_string() || alg->as_string() != "HS256") return std::nullopt;

  const auto signature = base64url_decode_strict(token.substr(dot2 + 1));
  const std::string expected = hmac_sha256(secret, token.substr(0, dot2));
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  return payload;
}

}  // namespace crm::jwt
