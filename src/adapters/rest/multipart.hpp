#pragma once
// multipart/form-data bodies (RFC 7578), as browsers and curl -F send file uploads. Pure: parts
// are views into the body, nothing is copied or written.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::rest::multipart {

struct Part {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // present for file fields
  std::string content_type;             // "text/plain" when the part names none
  std::string_view body;                // bytes as sent, a view into the request body
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type (quoted or not). Throws
// crm::Error(kInvalidArgument) "Content-Type must be multipart/form-data" for another type and
// "multipart boundary is missing" without a usable boundary.
std::string boundary(std::string_view content_type);

// Every part of `body`. Throws crm::Error(kInvalidArgument) naming the problem: no boundary,
// no part, a part without Content-Disposition form-data and a name, a body that ends before
// its closing boundary, more than 64 parts.
std::vector<Part> parse(std::string_view content_type, std::string_view body);

// The first part named `name`, or nullptr.
const Part* find(const std::vector<Part>& parts, std::string_view name);

}  // namespace crm::rest::multipart
