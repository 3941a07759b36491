#include "core/util/ids.hpp"

#include <openssl/rand.h>

#include "core/util/base64.hpp"
#include "crm/error.hpp"

namespace crm::ids {

void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw Error::internal("random source failed");
}

namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr int kTimeChars = 10;    // 50 bits
constexpr int kCounterChars = 4;  // 20 bits
constexpr int kRandomChars = 12;  // 60 bits
constexpr std::uint32_t kCounterLimit = 1u << (5 * kCounterChars);

void put_base32(std::string& out, int pos, int chars, std::uint64_t value) {
  for (int i = pos + chars - 1; i >= pos; --i, value >>= 5) out[i] = kAlphabet[value & 31];
}

}  // namespace

std::string IdGenerator::next(TimeMs now) {
  TimeMs ms;
  std::uint32_t counter;
  {
    std::lock_guard lock(mu_);
    if (now > last_ms_) {
      last_ms_ = now;
      counter_ = 0;
    } else if (++counter_ == kCounterLimit) {
      // A million ids in one millisecond: borrow the next one rather than wrap around.
      ++last_ms_;
      counter_ = 0;
    }
    ms = last_ms_;
    counter = counter_;
  }
  std::string id(kTimeChars + kCounterChars + kRandomChars, '0');
  put_base32(id, 0, kTimeChars, static_cast<std::uint64_t>(ms) & ((1ULL << 50) - 1));
  put_base32(id, kTimeChars, kCounterChars, counter);
  unsigned char r[kRandomChars];
  random_bytes(r, sizeof r);
  for (int i = 0; i < kRandomChars; ++i) id[kTimeChars + kCounterChars + i] = kAlphabet[r[i] & 31];
  return id;
}

std::string new_id(TimeMs now) {
  static IdGenerator process_ids;
  return process_ids.next(now);
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
