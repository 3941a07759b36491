#include "adapters/rest/multipart.hpp"

#include <algorithm>
#include <cctype>

#include "crm/error.hpp"

namespace crm::rest::multipart {
namespace {

constexpr std::size_t kMaxParts = 64;
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits "type; a=1; b=\"x; y\"" into its value and parameters (names lower-cased, quotes and
// backslash escapes undone).
struct HeaderValue {
  std::string value;
  std::vector<std::pair<std::string, std::string>> params;
  std::optional<std::string> param(std::string_view name) const {
    for (const auto& [k, v] : params)
      if (k == name) return v;
    return std::nullopt;
  }
};

HeaderValue parse_header_value(std::string_view text) {
  HeaderValue out;
  std::size_t i = text.find(';');
  out.value = lower(trim(text.substr(0, i)));
  while (i != std::string_view::npos && i < text.size()) {
    ++i;  // past ';'
    const std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string name = lower(trim(text.substr(i, eq - i)));
    std::size_t j = eq + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    std::string value;
    if (j < text.size() && text[j] == '"') {
      ++j;
      while (j < text.size() && text[j] != '"') {
        if (text[j] == '\\' && j + 1 < text.size()) ++j;
        value += text[j++];
      }
      i = text.find(';', j);
    } else {
      i = text.find(';', j);
      value = std::string(trim(text.substr(j, i == std::string_view::npos ? text.npos : i - j)));
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

[[noreturn]] void bad(const std::string& message) { throw Error::invalid(message); }

}  // namespace

std::string boundary(std::string_view content_type) {
  const HeaderValue type = parse_header_value(content_type);
  if (type.value != "multipart/form-data") bad("Content-Type must be multipart/form-data");
  auto b = type.param("boundary");
  if (!b || b->empty() || b->size() > kMaxBoundary) bad("multipart boundary is missing");
  return *b;
}

std::vector<Part> parse(std::string_view content_type, std::string_view body) {
  const std::string delimiter = "--" + boundary(content_type);
  std::vector<Part> parts;

  // The first delimiter may open the body or follow a preamble.
  std::size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) bad("multipart body has no parts");
  pos = body.find(delimiter, pos) + delimiter.size();
  for (;;) {
    if (body.substr(pos, 2) == "--") break;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") bad("multipart body is malformed after a boundary");
    pos += 2;
    if (parts.size() == kMaxParts) bad("multipart body has more than 64 parts");

    const std::size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) bad("multipart part has no end of headers");
    Part part;
    part.content_type = "text/plain";
    bool form_data = false;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const std::size_t eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        const std::string name = lower(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        if (name == "content-disposition") {
          const HeaderValue d = parse_header_value(value);
          form_data = d.value == "form-data";
          part.name = d.param("name").value_or("");
          part.filename = d.param("filename");
        } else if (name == "content-type") {
          part.content_type = lower(trim(value.substr(0, value.find(';'))));
        }
      }
      if (eol == std::string_view::npos) break;
      headers.remove_prefix(eol + 2);
    }
    if (!form_data || part.name.empty())
      bad("multipart part needs Content-Disposition: form-data with a name");

    const std::size_t content = headers_end + 4;
    const std::size_t end = body.find("\r\n" + delimiter, content);
    if (end == std::string_view::npos)
      bad("multipart body is truncated: part \"" + part.name + "\" has no closing boundary");
    part.body = body.substr(content, end - content);
    parts.push_back(std::move(part));
    pos = end + 2 + delimiter.size();
  }
  if (parts.empty()) bad("multipart body has no parts");
  return parts;
}

const Part* find(const std::vector<Part>& parts, std::string_view name) {
  for (const Part& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace crm::rest::multipart
