#pragma once
// Markdown to HTML through cmark (CommonMark), in its safe mode: raw HTML is replaced by a
// comment and javascript:/vbscript:/file:/data: links are dropped, so a template author cannot
// put script on the public pay page.

#include <string>
#include <string_view>

namespace crm::markdown {

std::string to_html(std::string_view markdown);

}  // namespace crm::markdown
