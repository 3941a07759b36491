#include "core/invoices/agreement.hpp"

#include <algorithm>
#include <cctype>

namespace crm::agreement {
namespace {

constexpr std::string_view kVariables[] = {
    "firstName",   "lastName",   "fullName",  "companyName",   "repFirstName",
    "repName",     "repEmail",   "repPhone",  "invoiceNumber", "invoiceTotal",
    "invoiceDate", "signedName", "signedDate"};

bool is_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool known(std::string_view name) {
  return std::find(std::begin(kVariables), std::end(kVariables), name) != std::end(kVariables);
}

// Calls on_text(literal) and on_var(name) for the pieces of `body`, in order.
template <class OnText, class OnVar>
void scan(std::string_view body, OnText on_text, OnVar on_var) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto open = body.find("{{", pos);
    if (open == std::string_view::npos) break;
    const auto close = body.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const std::string_view name = trim(body.substr(open + 2, close - open - 2));
    if (!is_name(name)) {  // not a variable: keep the braces as text
      on_text(body.substr(pos, open + 2 - pos));
      pos = open + 2;
      continue;
    }
    on_text(body.substr(pos, open - pos));
    on_var(name);
    pos = close + 2;
  }
  on_text(body.substr(pos));
}

}  // namespace

std::span<const std::string_view> variables() { return kVariables; }

std::vector<std::string> unknown_variables(std::string_view body) {
  std::vector<std::string> out;
  scan(
      body, [](std::string_view) {},
      [&](std::string_view name) {
        if (!known(name) && std::find(out.begin(), out.end(), name) == out.end())
          out.emplace_back(name);
      });
  return out;
}

std::string fill(std::string_view body, const Values& values) {
  std::string out;
  out.reserve(body.size());
  scan(
      body, [&](std::string_view text) { out += text; },
      [&](std::string_view name) {
        if (auto it = values.find(name); it != values.end() && known(name))
          out += escape_markdown(it->second);
      });
  return out;
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
