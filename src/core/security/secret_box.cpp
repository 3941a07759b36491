#include "core/security/secret_box.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <memory>

#include "core/util/base64.hpp"
#include "core/util/ids.hpp"
#include "crm/error.hpp"

namespace crm {
namespace {

constexpr std::string_view kPrefix = "v1:";
constexpr int kNonceLen = 12;
constexpr int kTagLen = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

SecretBox::SecretBox(std::string_view key_material) {
  bool is_hex = key_material.size() == 64;
  for (std::size_t i = 0; is_hex && i < 64; ++i) is_hex = hex_value(key_material[i]) >= 0;
  if (is_hex) {
    for (std::size_t i = 0; i < 32; ++i)
      key_[i] = static_cast<unsigned char>(hex_value(key_material[2 * i]) << 4 | hex_value(key_material[2 * i + 1]));
  } else {
    SHA256(reinterpret_cast<const unsigned char*>(key_material.data()), key_material.size(), key_.data());
  }
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string out(kNonceLen + kTagLen + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  auto* tag = nonce + kNonceLen;
  auto* cipher = tag + kTagLen;
  ids::random_bytes(nonce, kNonceLen);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), cipher, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), cipher + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagLen, tag) != 1)
    throw Error::internal("encryption failed");
  return std::string(kPrefix) + base64_encode(out);
}

std::string SecretBox::open(std::string_view sealed) const {
  if (sealed.substr(0, kPrefix.size()) != kPrefix) throw Error::internal("unknown secret format");
  const auto raw = base64_decode(sealed.substr(kPrefix.size()));
  if (!raw || raw->size() < kNonceLen + kTagLen) throw Error::internal("corrupt secret");
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  const auto* tag = nonce + kNonceLen;
  const auto* cipher = tag + kTagLen;
  const int cipher_len = static_cast<int>(raw->size()) - kNonceLen - kTagLen;
  std::string plain(static_cast<std::size_t>(cipher_len), '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int len = 0;
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &len, cipher, cipher_len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagLen, const_cast<unsigned char*>(tag)) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + len, &len) != 1)
    throw Error::internal("secret cannot be decrypted with the configured key");
  return plain;
}

}  // namespace crm
