#pragma once
// Wire names of enums from one constexpr table per enum: {value, "NAME"} pairs.

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace crm::enum_names {

template <class E, std::size_t N>
std::optional<E> parse_from(const std::pair<E, std::string_view> (&table)[N],
                            std::string_view text) {
  for (const auto& [value, name] : table)
    if (name == text) return value;
  return std::nullopt;
}

template <class E, std::size_t N>
std::string_view name_of(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "";
}

}  // namespace crm::enum_names
