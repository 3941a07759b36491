#pragma once
// Secrets at rest (gateway passwords, OAuth tokens): AES-256-GCM with a random 96-bit nonce.
// Stored form: "v1:" + base64(nonce || tag || ciphertext).

#include <array>
#include <string>
#include <string_view>

namespace crm {

class SecretBox {
 public:
  // `key_material`: 64 hex characters are used as the raw key; anything else is hashed with
  // SHA-256. Thread-safe after construction.
  explicit SecretBox(std::string_view key_material);

  std::string seal(std::string_view plaintext) const;
  // Throws crm::Error(kInternal) when the text was not sealed with this key.
  std::string open(std::string_view sealed) const;

 private:
  std::array<unsigned char, 32> key_{};
};

}  // namespace crm
