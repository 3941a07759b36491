#pragma once
// The pagination contract shared by every list: page >= 1, limit 1..100 (default 50).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace crm {

struct PageRequest {
  int page = 1;
  int limit = 50;
  std::int64_t offset() const { return static_cast<std::int64_t>(page - 1) * limit; }
};

inline constexpr int kDefaultPageLimit = 50;
inline constexpr int kMaxPageLimit = 100;

// Parses the raw `page` / `limit` query values. Throws Error(kInvalidArgument) when a value is
// not an integer or page < 1 or limit < 1; caps limit at kMaxPageLimit.
PageRequest parse_page_request(std::optional<std::string_view> page,
                               std::optional<std::string_view> limit);

struct PageInfo {
  int page = 1;
  int limit = kDefaultPageLimit;
  std::int64_t total = 0;
  std::int64_t total_pages = 0;
};

PageInfo make_page_info(const PageRequest& request, std::int64_t total);

template <class T>
struct Page {
  std::vector<T> items;
  PageInfo info;
};

}  // namespace crm
