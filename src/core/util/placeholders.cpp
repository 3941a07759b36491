#include "core/util/placeholders.hpp"

#include <algorithm>
#include <cctype>

#include "crm/error.hpp"

namespace crm::placeholders {
namespace {

bool is_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_known(std::span<const std::string_view> known, std::string_view name) {
  return std::find(known.begin(), known.end(), name) != known.end();
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

std::vector<std::string> unknown(std::string_view body, std::span<const std::string_view> known) {
  std::vector<std::string> out;
  scan(
      body, [](std::string_view) {},
      [&](std::string_view name) {
        if (!is_known(known, name) && std::find(out.begin(), out.end(), name) == out.end())
          out.emplace_back(name);
      });
  return out;
}

void require_known(std::string_view field, std::string_view body,
                   std::span<const std::string_view> known) {
  const auto names = unknown(body, known);
  if (names.empty()) return;
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + ("{{" + n + "}}");
  throw Error::invalid(std::string(field) + " uses unknown variables: " + list);
}

std::string fill(std::string_view body, const Values& values,
                 std::span<const std::string_view> known, const Escape& escape) {
  std::string out;
  out.reserve(body.size());
  scan(
      body, [&](std::string_view text) { out += text; },
      [&](std::string_view name) {
        const auto it = values.find(name);
        if (it == values.end() || !is_known(known, name)) return;
        out += escape ? escape(it->second) : it->second;
      });
  return out;
}

}  // namespace crm::placeholders
