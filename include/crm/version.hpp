#pragma once

namespace crm {
inline constexpr const char* kVersion = "0.1.0";
}
