#pragma once
// {{variable}} templates (DOMAIN.md §8 message templates, §11 agreements). Pure.
//
// A variable is {{name}} with a name of letters, digits and underscores; spaces inside the
// braces are allowed ({{ firstName }}). Braces around anything else are literal text.

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crm::placeholders {

using Values = std::map<std::string, std::string, std::less<>>;
using Escape = std::function<std::string(std::string_view)>;

// The distinct variable names `body` uses that are not in `known`, in order of first use.
std::vector<std::string> unknown(std::string_view body, std::span<const std::string_view> known);

// kInvalidArgument "<field> uses unknown variables: {{a}}, {{b}}" when `body` uses any.
void require_known(std::string_view field, std::string_view body,
                   std::span<const std::string_view> known);

// Replaces every known variable by its value passed through `escape` (as is when `escape` is
// empty). A variable without a value, or unknown, renders empty.
std::string fill(std::string_view body, const Values& values,
                 std::span<const std::string_view> known, const Escape& escape = {});

}  // namespace crm::placeholders
