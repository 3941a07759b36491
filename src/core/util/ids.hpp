#pragma once
// Identifiers and random secrets (OpenSSL's CSPRNG).

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

#include "crm/time.hpp"

namespace crm::ids {

// Makes ids of 26 characters of lower-case Crockford base32 (URL-safe, and sorting as text
// sorts them by creation): 50 bits of creation time in ms, a 20-bit counter, 60 random bits.
//
// Strictly increasing per generator: within one millisecond the counter orders ids, and a
// clock that steps back never makes an id smaller than the last one (the generator keeps using
// its last millisecond). The random tail keeps ids of servers sharing one database unique.
// Thread-safe.
class IdGenerator {
 public:
  std::string next(TimeMs now);

 private:
  std::mutex mu_;
  TimeMs last_ms_ = 0;         // guarded by mu_
  std::uint32_t counter_ = 0;  // guarded by mu_
};

// An id from the process-wide generator: ids made in one process increase strictly, so lists
// ordered by (creation time, id) show creation order even within one millisecond.
std::string new_id(TimeMs now);

// `bytes` random bytes, base64url without padding (payment tokens, CSRF states).
std::string random_token(std::size_t bytes);

// A password of `length` characters from letters and digits (no look-alikes).
std::string random_password(std::size_t length);

void random_bytes(unsigned char* out, std::size_t n);

}  // namespace crm::ids
