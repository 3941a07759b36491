#include "crm/pagination.hpp"

#include <charconv>
#include <string>

#include "crm/error.hpp"

namespace crm {
namespace {

int parse_positive(std::string_view name, std::string_view text) {
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1)
    throw Error::invalid(std::string(name) + " must be a positive integer");
  return value > 1'000'000'000 ? 1'000'000'000 : static_cast<int>(value);
}

}  // namespace

PageRequest parse_page_request(std::optional<std::string_view> page,
                               std::optional<std::string_view> limit) {
  PageRequest r;
  if (page && !page->empty()) r.page = parse_positive("page", *page);
  if (limit && !limit->empty()) r.limit = std::min(parse_positive("limit", *limit), kMaxPageLimit);
  return r;
}

PageInfo make_page_info(const PageRequest& request, std::int64_t total) {
  return {request.page, request.limit, total, (total + request.limit - 1) / request.limit};
}

}  // namespace crm
