#include "core/util/ids.hpp"

#include <openssl/rand.h>

#include "core/util/base64.hpp"
#include "crm/error.hpp"

namespace crm::ids {

void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw Error::internal("random source failed");
}

std::string new_id(TimeMs now) {
  static constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::string id(26, '0');
  auto t = static_cast<unsigned long long>(now) & ((1ULL << 50) - 1);
  for (int i = 9; i >= 0; --i, t >>= 5) id[i] = kAlphabet[t & 31];
  unsigned char r[16];
  random_bytes(r, sizeof r);
  for (int i = 0; i < 16; ++i) id[10 + i] = kAlphabet[r[i] & 31];
  return id;
}

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  return base64url_encode(raw);
}

std::string random_password(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    unsigned char b;
    random_bytes(&b, 1);
    // Rejection sampling keeps the distribution uniform.
    if (b < 256 - 256 % kAlphabet.size()) out += kAlphabet[b % kAlphabet.size()];
  }
  return out;
}

}  // namespace crm::ids
