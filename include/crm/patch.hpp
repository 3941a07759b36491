#pragma once
// Partial-update fields.

#include <optional>

namespace crm {

// A field of a partial update that may also be cleared:
//   nullopt            -> absent, leave unchanged
//   optional(nullopt)  -> null, clear it
//   optional(value)    -> set it
template <class T>
using Nullable = std::optional<std::optional<T>>;

}  // namespace crm
