#include "core/invoices/payment_token.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include "core/util/ids.hpp"

namespace crm::payment_token {

std::string generate() { return ids::random_token(32); }

std::string hash(std::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool equals(std::string_view a, std::string_view b) {
  // Compare digests: equal-length inputs for CRYPTO_memcmp whatever the lengths given.
  const std::string ha = hash(a), hb = hash(b);
  return CRYPTO_memcmp(ha.data(), hb.data(), ha.size()) == 0 && a.size() == b.size();
}

}  // namespace crm::payment_token
