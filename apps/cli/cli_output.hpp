#pragma once
// Output and flag helpers the list commands share: a page as the API's JSON
// ({ data, pagination }), the footer under a table, and enum flags parsed with a clear error.

#include <cstdio>
#include <optional>
#include <string>

#include "adapters/rest/handler_kit.hpp"
#include "cli_context.hpp"

namespace crm::cli {

// `parse(text)` for an enum flag; an unknown value is kInvalidArgument "invalid NAME: TEXT".
template <class E, class Parse>
std::optional<E> parse_enum_flag(const std::optional<std::string>& text, const char* name,
                                 Parse parse) {
  if (!text) return std::nullopt;
  auto value = parse(*text);
  if (!value) throw Error::invalid(std::string("invalid ") + name + ": " + *text);
  return value;
}

template <class Item, class Encode>
void print_page_json(CliContext& ctx, const Page<Item>& page, Encode encode) {
  ctx.print_json(boost::json::object{{"data", rest::to_array(page.items, encode)},
                                     {"pagination", rest::pagination(page.info)}});
}

inline void print_page_footer(const PageInfo& info) {
  std::printf("-- page %d of %lld (%lld total)\n", info.page,
              static_cast<long long>(info.total_pages), static_cast<long long>(info.total));
}

}  // namespace crm::cli
