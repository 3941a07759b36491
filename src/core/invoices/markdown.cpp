#include "core/invoices/markdown.hpp"

#include <cmark.h>

#include <cstdlib>
#include <memory>

#include "crm/error.hpp"

namespace crm::markdown {

std::string to_html(std::string_view markdown) {
  // CMARK_OPT_UNSAFE is deliberately absent: safe rendering is cmark's default since 0.29.
  // CMARK_OPT_SAFE keeps older cmark versions safe too.
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_SAFE;
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(), options), &std::free);
  if (!html) throw Error::internal("cmark failed to render markdown");
  return std::string(html.get());
}

}  // namespace crm::markdown
