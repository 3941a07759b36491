// The validation module (core/util/validate.hpp) and the pure rules under it: text characters
// and lengths, web URLs, money text in any JSON form, ranges (issue #9, defects 3, 7 and 10).
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "core/leads/stage_rule.hpp"
#include "core/util/text_rules.hpp"
#include "core/util/url_rule.hpp"
#include "core/util/validate.hpp"
#include "crm/error.hpp"

using namespace crm;

namespace {

// The message of the kInvalidArgument `fn` throws; "" when it throws nothing.
template <class F>
std::string invalid_message(F&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    return e.what();
  }
  return "";
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("text rules: UTF-8, control characters, bidi controls") {
  using text_rules::Problem;
  CHECK(text_rules::check("Zoë & Co — 東京 🚀", false) == Problem::kNone);
  CHECK(text_rules::check(std::string("a\0b", 3), true) == Problem::kControl);
  CHECK(text_rules::check("a\tb", false) == Problem::kControl);
  CHECK(text_rules::check("a\tb\nc\r\nd", true) == Problem::kNone);
  CHECK(text_rules::check("a\rb", true) == Problem::kControl);  // a lone CR
  CHECK(text_rules::check("a\x7f", true) == Problem::kControl);
  CHECK(text_rules::check("a\xc2\x85", true) == Problem::kControl);  // U+0085 (C1)
  CHECK(text_rules::check("evil\xe2\x80\xaegpj.exe", false) == Problem::kBidiControl);   // U+202E
  CHECK(text_rules::check("\xe2\x81\xa6x\xe2\x81\xa9", true) == Problem::kBidiControl);  // U+2066/9
  CHECK(text_rules::check("\xe2\x80\x8f", false) == Problem::kNone);  // U+200F mark is fine
  CHECK(text_rules::check("\xff", false) == Problem::kInvalidUtf8);
  CHECK(text_rules::check("\xc0\xaf", false) == Problem::kInvalidUtf8);          // overlong '/'
  CHECK(text_rules::check("\xed\xa0\x80", false) == Problem::kInvalidUtf8);      // a surrogate
  CHECK(text_rules::check("\xf4\x90\x80\x80", false) == Problem::kInvalidUtf8);  // > U+10FFFF
  CHECK(text_rules::check("\xe6\x9d", false) == Problem::kInvalidUtf8);          // truncated
  CHECK(text_rules::count_chars("Zoë🚀") == 4);
}

TEST_CASE("web URLs: http and https only, a bare domain gets https") {
  using url_rule::normalize_web_url;
  CHECK(normalize_web_url("https://acme.com/a?b#c") == "https://acme.com/a?b#c");
  CHECK(normalize_web_url("HTTP://Acme.com") == "http://Acme.com");
  CHECK(normalize_web_url("acme.com") == "https://acme.com");
  CHECK(normalize_web_url("www.acme.com/about") == "https://www.acme.com/about");
  CHECK(normalize_web_url("acme.com:8443/x") == "https://acme.com:8443/x");
  CHECK(normalize_web_url("localhost:8080") == "https://localhost:8080");
  CHECK(normalize_web_url("//acme.com") == "https://acme.com");
  CHECK_FALSE(normalize_web_url("javascript:alert(1)"));
  CHECK_FALSE(normalize_web_url("JavaScript://%0aalert(1)"));
  CHECK_FALSE(normalize_web_url("data:text/html,<script>alert(1)</script>"));
  CHECK_FALSE(normalize_web_url("vbscript:msgbox"));
  CHECK_FALSE(normalize_web_url("mailto:a@b.co"));
  CHECK_FALSE(normalize_web_url("ftp://acme.com"));
  CHECK_FALSE(normalize_web_url("http:/acme.com"));
  CHECK_FALSE(normalize_web_url("https://"));
  CHECK_FALSE(normalize_web_url("https://acme.com/a b"));
  CHECK_FALSE(normalize_web_url("n/a"));
}

TEST_CASE("money text: any JSON form, rounding half away from zero, int64 overflow is range") {
  using S = MoneyParse::Status;
  CHECK(read_money("199.99").cents == 19999);
  CHECK(read_money("1.005").cents == 101);
  CHECK(read_money("-1.005").cents == -101);
  CHECK(read_money("1.0049999").cents == 100);
  CHECK(read_money("1e2").cents == 10000);
  CHECK(read_money("1.5E+3").cents == 150000);
  CHECK(read_money("12345e-5").cents == 12);  // 0.12345
  CHECK(read_money("5e-3").cents == 1);       // 0.005 -> 0.01
  CHECK(read_money("0.00000000000000000000000000001").status == S::kOk);
  CHECK(read_money("1e-300").status == S::kOk);
  CHECK(read_money("1e-300").cents == 0);
  CHECK(read_money(1e-300).status == S::kOk);
  CHECK(read_money(1e-300).cents == 0);
  CHECK(read_money("-1e-300").cents == 0);
  CHECK(read_money(0.1 + 0.2).cents == 30);
  CHECK(read_money("92233720368547758.07").cents == INT64_MAX);  // the largest that fits
  CHECK(read_money("92233720368547758.08").status == S::kOutOfRange);
  CHECK(read_money("-92233720368547758.08").status == S::kOutOfRange);
  CHECK(read_money("1e20").status == S::kOutOfRange);
  CHECK(read_money("1e99999999999999999999").status == S::kOutOfRange);
  CHECK(read_money(repeat("9", 5000)).status == S::kOutOfRange);
  CHECK(read_money("0." + repeat("0", 5000) + "1").cents == 0);
  CHECK(read_money(1e300).status == S::kOutOfRange);
  CHECK(read_money(-9.3e18).status == S::kOutOfRange);
  for (const char* bad : {"", "-", ".", "e5", "1e", "1e+", "1.2.3", "0x10", " 1", "1 ", "1,5",
                          "NaN", "Infinity", "--1"})
    CHECK_MESSAGE(read_money(bad).status == S::kNotANumber, bad);
  CHECK(read_money(std::numeric_limits<double>::quiet_NaN()).status == S::kNotANumber);
  CHECK(read_money(std::numeric_limits<double>::infinity()).status == S::kOutOfRange);
}

TEST_CASE("validate: text fields by kind, with messages naming the field") {
  using namespace validate;
  CHECK(text(line_field("name"), std::string("  Acme  ")) == "Acme");
  CHECK_FALSE(text(line_field("name"), std::string("   ")).has_value());
  CHECK(text(line_field("name"), repeat("é", 255)).has_value());
  CHECK(invalid_message([] { text(line_field("name"), repeat("é", 256)); }) ==
        "name is too long (at most 255 characters)");
  CHECK(invalid_message([] { text(line_field("name"), std::string("a\nb")); }) ==
        "name must not contain control characters");
  CHECK(invalid_message([] { text(line_field("name"), std::string("a\0b", 3)); }) ==
        "name must not contain control characters");
  CHECK(invalid_message([] { text(line_field("name"), std::string("a\xe2\x80\xae")); }) ==
        "name must not contain bidirectional control characters");
  CHECK(invalid_message([] { text(line_field("name"), std::string("\xff")); }) ==
        "name is not valid UTF-8");
  CHECK(text(multi_line_field("body"), std::string("line 1\n\tline 2\r\n")) == "line 1\n\tline 2");
  CHECK(text(multi_line_field("body"), repeat("x", 65536)).has_value());
  CHECK(invalid_message([] { text(multi_line_field("body"), repeat("x", 65537)); }) ==
        "body is too long (at most 65536 characters)");
  CHECK(text(url_field("website"), std::string("acme.com")) == "https://acme.com");
  CHECK(invalid_message([] { text(url_field("website"), std::string("javascript:alert(1)")); }) ==
        "website must be an http or https URL");
  CHECK(invalid_message([] {
          text(url_field("website"), "https://acme.com/" + repeat("a", 2048 - 17 + 1));
        }) == "website is too long (at most 2048 characters)");
  CHECK(email("email", " Ann@Example.COM ") == "ann@example.com");
  CHECK(invalid_message([] { email("email", repeat("a", 243) + "@example.com"); }) ==
        "email is too long (at most 254 characters)");
  CHECK(phone_e164("phone", "(415) 555-2671") == "+14155552671");
  CHECK(invalid_message([] { phone_e164("phone", "+1 415 555 2671" + repeat(" ", 18) + "0"); }) ==
        "phone is too long (at most 32 characters)");
  CHECK(text(secret_field("password"), std::string(" pw ")) == " pw ");  // secrets keep spaces
  CHECK(invalid_message([] { required(line_field("name"), std::nullopt); }) == "name is required");

  // patch: absent, null, blank, value.
  CHECK_FALSE(patch(line_field("x"), std::nullopt).has_value());
  const Nullable<std::string> cleared = std::optional<std::string>();
  CHECK(patch(line_field("x"), std::optional<std::string>()) == cleared);
  CHECK(patch(line_field("x"), std::optional<std::string>(" ")) == cleared);
  CHECK(patch(line_field("x"), std::optional<std::string>(" v ")) ==
        Nullable<std::string>(std::optional<std::string>("v")));
}

TEST_CASE("validate: passwords") {
  CHECK(invalid_message([] { validate::password("password", "short"); }) ==
        "password must be at least 8 characters");
  CHECK(invalid_message([] { validate::password("password", std::string("12345678\0abc", 12)); }) ==
        "password must not contain control characters");
  CHECK(invalid_message([] { validate::password("password", repeat("p", 1025)); }) ==
        "password is too long (at most 1024 characters)");
  CHECK(invalid_message([] { validate::password("password", " spaces ok "); }).empty());
}

TEST_CASE("validate: money and counts are bounded") {
  using namespace validate;
  const MoneyField revenue{"estimatedRevenue"};
  CHECK(money(revenue, Cents{0}) == 0);
  CHECK(money(revenue, kMaxMoneyCents) == kMaxMoneyCents);
  CHECK(invalid_message([&] { money(revenue, kMaxMoneyCents + 1); }) ==
        "estimatedRevenue is out of range (0 to 999999999999.99)");
  CHECK(invalid_message([&] { money(revenue, Cents{-1}); }) ==
        "estimatedRevenue is out of range (0 to 999999999999.99)");
  const MoneyField adjustment{"adjustment", -kMaxMoneyCents};
  CHECK(money(adjustment, Cents{-500}) == -500);
  const CountField units{"estimatedUnits"};
  CHECK(count(units, std::int64_t{1'000'000}) == 1'000'000);
  CHECK(invalid_message([&] { count(units, std::int64_t{1'000'001}); }) ==
        "estimatedUnits is out of range (0 to 1000000)");
  CHECK(invalid_message([&] { count(units, std::int64_t{-1}); }) ==
        "estimatedUnits is out of range (0 to 1000000)");
  CHECK_FALSE(count(units, std::optional<std::int64_t>()).has_value());
}

TEST_CASE("lostReason belongs to LOST leads") {
  CHECK(invalid_message([] { stage_rule::check_lost_reason(LeadStage::kWon, "price"); }) ==
        "lostReason is only allowed when the stage is LOST");
  CHECK(invalid_message([] { stage_rule::check_lost_reason(LeadStage::kLost, "price"); }).empty());
  CHECK(invalid_message([] {
          stage_rule::check_lost_reason(LeadStage::kWon, std::nullopt);
        }).empty());
}
