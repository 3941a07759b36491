#include "core/util/phone.hpp"

#include <phonenumbers/phonenumberutil.h>

namespace crm::phone {
namespace {

// The common case without libphonenumber's regular expressions (the dearest step of a bulk
// import): a US-region number written as ten digits with only spaces, dashes, dots and
// parentheses around them, its area code starting 2-9 ("(512) 555-0100"). libphonenumber reads
// exactly these as the national number itself, possible by length, so the answer is the same.
std::optional<std::string> us_fast_path(std::string_view raw, const char* region) {
  if (region[0] != 'U' || region[1] != 'S' || region[2] != '\0') return std::nullopt;
  std::string out = "+1";
  for (const char c : raw) {
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (out.size() != 12 || out[2] < '2') return std::nullopt;
  return out;
}

}  // namespace

std::optional<std::string> to_e164(std::string_view raw, const char* default_region) {
  if (auto fast = us_fast_path(raw, default_region)) return fast;
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  if (util->Parse(std::string(raw), default_region, &number) != PhoneNumberUtil::NO_PARSING_ERROR)
    return std::nullopt;
  // "Possible" (right length for the region) rather than "valid": fictional 555 numbers and
  // newly allocated ranges must still be stored.
  if (!util->IsPossibleNumber(number)) return std::nullopt;
  std::string out;
  util->Format(number, PhoneNumberUtil::E164, &out);
  return out;
}

}  // namespace crm::phone
