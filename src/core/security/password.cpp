#include "core/security/password.hpp"

#include <crypt.h>
#include <openssl/crypto.h>

#include <cstring>
#include <memory>

#include "core/util/ids.hpp"
#include "crm/error.hpp"

namespace crm::password {

std::string hash(std::string_view password, int cost) {
  unsigned char entropy[16];
  ids::random_bytes(entropy, sizeof entropy);
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost),
                        reinterpret_cast<const char*>(entropy), sizeof entropy, setting,
                        sizeof setting))
    throw Error::internal("bcrypt salt generation failed");
  auto data = std::make_unique<crypt_data>();
  const std::string pw(password);
  const char* out = crypt_r(pw.c_str(), setting, data.get());
  if (!out || out[0] == '*') throw Error::internal("bcrypt hashing failed");
  return out;
}

bool verify(std::string_view password, std::string_view stored_hash) {
  if (stored_hash.size() < 7 || stored_hash[0] != '$') return false;
  auto data = std::make_unique<crypt_data>();
  const std::string pw(password), setting(stored_hash);
  const char* out = crypt_r(pw.c_str(), setting.c_str(), data.get());
  if (!out || out[0] == '*') return false;
  return std::strlen(out) == stored_hash.size() &&
         CRYPTO_memcmp(out, stored_hash.data(), stored_hash.size()) == 0;
}

}  // namespace crm::password
