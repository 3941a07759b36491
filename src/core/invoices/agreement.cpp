#include "core/invoices/agreement.hpp"

#include <cctype>

#include "core/util/placeholders.hpp"

namespace crm::agreement {
namespace {

constexpr std::string_view kVariables[] = {
    "firstName",   "lastName",   "fullName",  "companyName",   "repFirstName",
    "repName",     "repEmail",   "repPhone",  "invoiceNumber", "invoiceTotal",
    "invoiceDate", "signedName", "signedDate"};

}  // namespace

std::span<const std::string_view> variables() { return kVariables; }

std::vector<std::string> unknown_variables(std::string_view body) {
  return placeholders::unknown(body, kVariables);
}

std::string fill(std::string_view body, const Values& values) {
  return placeholders::fill(body, values, kVariables, escape_markdown);
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (c == '\r' || c == '\n') {
      out += ' ';
    } else if (std::ispunct(static_cast<unsigned char>(c))) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace crm::agreement
