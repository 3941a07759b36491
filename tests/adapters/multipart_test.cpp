// multipart/form-data parsing (adapters/rest/multipart.hpp).
#include <doctest/doctest.h>

#include "adapters/rest/multipart.hpp"
#include "crm/error.hpp"

using namespace crm;
namespace mp = crm::rest::multipart;

namespace {

constexpr const char* kType = "multipart/form-data; boundary=----XyZ";

std::string error_of(std::string_view type, std::string_view body) {
  try {
    mp::parse(type, body);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("multipart: fields and a file, as a browser sends them") {
  const std::string body =
      "preamble to ignore\r\n"
      "------XyZ\r\n"
      "Content-Disposition: form-data; name=\"icpTag\"\r\n\r\n"
      "icp-restaurant\r\n"
      "------XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"leads; \\\"final\\\".csv\"\r\n"
      "Content-Type: Text/CSV; charset=utf-8\r\n\r\n"
      "name,phone\r\nAcme,555\r\n\r\n"
      "------XyZ--\r\n";
  const auto parts = mp::parse(kType, body);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].name == "icpTag");
  CHECK_FALSE(parts[0].filename);
  CHECK(parts[0].content_type == "text/plain");
  CHECK(parts[0].body == "icp-restaurant");
  CHECK(parts[1].name == "file");
  CHECK(parts[1].filename == "leads; \"final\".csv");
  CHECK(parts[1].content_type == "text/csv");
  CHECK(parts[1].body == "name,phone\r\nAcme,555\r\n");  // the CRLF before a boundary is not data
  CHECK(mp::find(parts, "file") == &parts[1]);
  CHECK(mp::find(parts, "nope") == nullptr);
}

TEST_CASE("multipart: boundaries quoted or not, binary bodies intact") {
  const std::string bin("a\0b\r\nc", 6);
  const std::string body =
      "--b\"q\r\nContent-Disposition: form-data; name=x\r\n\r\n" + bin + "\r\n--b\"q--";
  CHECK(mp::boundary("multipart/form-data; boundary=\"b\\\"q\"") == "b\"q");
  const auto parts = mp::parse("Multipart/Form-Data;boundary=\"b\\\"q\"", body);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].body == bin);
}

TEST_CASE("multipart: malformed bodies are refused by name") {
  CHECK(error_of("application/json", "{}") == "Content-Type must be multipart/form-data");
  CHECK(error_of("multipart/form-data", "x") == "multipart boundary is missing");
  CHECK(error_of(kType, "no parts here") == "multipart body has no parts");
  CHECK(error_of(kType, "------XyZ--") == "multipart body has no parts");
  CHECK(error_of(
            kType,
            "------XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nname,phone\r\n") ==
        "multipart body is truncated: part \"file\" has no closing boundary");
  CHECK(error_of(kType, "------XyZ\r\nContent-Type: text/csv\r\n\r\nx\r\n------XyZ--") ==
        "multipart part needs Content-Disposition: form-data with a name");
  CHECK(error_of(kType, "------XyZ\r\nContent-Disposition: form-data; name=a") ==
        "multipart part has no end of headers");
  std::string many;
  for (int i = 0; i < 65; ++i)
    many += "------XyZ\r\nContent-Disposition: form-data; name=p\r\n\r\nv\r\n";
  many += "------XyZ--";
  CHECK(error_of(kType, many) == "multipart body has more than 64 parts");
}
