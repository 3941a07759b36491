#pragma once
// Agreement templates (DOMAIN.md §11): Markdown with {{variables}}. Pure.
//
// Variables: the §8 set ({{firstName}}, {{lastName}}, {{fullName}}, {{companyName}},
// {{repFirstName}}, {{repName}}, {{repEmail}}, {{repPhone}}) plus {{invoiceNumber}},
// {{invoiceTotal}}, {{invoiceDate}}, {{signedName}}, {{signedDate}}. Spaces inside the braces
// are allowed ({{ firstName }}).

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crm::agreement {

using Values = std::map<std::string, std::string, std::less<>>;

std::span<const std::string_view> variables();

// The distinct unknown variable names `body` uses, in order of first use (saving a template
// with any is kInvalidArgument).
std::vector<std::string> unknown_variables(std::string_view body);

// Replaces every variable with its value, escaped so that it renders as literal text (a company
// called "*Acme*" stays "*Acme*", it cannot add links or headings). A variable without a value,
// or unknown, renders empty.
std::string fill(std::string_view body, const Values& values);

// Backslash-escapes every ASCII punctuation character and folds line breaks into spaces.
std::string escape_markdown(std::string_view text);

}  // namespace crm::agreement
