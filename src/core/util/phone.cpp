#include "core/util/phone.hpp"

#include <phonenumbers/phonenumberutil.h>

namespace crm::phone {

std::optional<std::string> to_e164(std::string_view raw, const char* default_region) {
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
