#include <doctest/doctest.h>

#include "crm/error.hpp"
#include "crm/money.hpp"
#include "crm/pagination.hpp"
#include "crm/time.hpp"

using namespace crm;

TEST_CASE("money parses decimal strings and rounds half away from zero") {
  CHECK(parse_money("199.99") == 19999);
  CHECK(parse_money("200") == 20000);
  CHECK(parse_money("0.5") == 50);
  CHECK(parse_money("1.005") == 101);
  CHECK(parse_money("-1.005") == -101);
  CHECK(parse_money("1.004") == 100);
  CHECK_FALSE(parse_money("abc").has_value());
  CHECK_FALSE(parse_money("").has_value());
  CHECK(parse_money("1e2") == 10000);  // JSON's number grammar, as a JSON number would read
  CHECK_FALSE(parse_money(".").has_value());
}

TEST_CASE("money from JSON numbers uses their shortest decimal form") {
  CHECK(money_from_double(199.99) == 19999);
  CHECK(money_from_double(1.005) == 101);
  CHECK(money_from_double(0.1 + 0.2) == 30);
  CHECK(money_from_double(12) == 1200);
  CHECK_FALSE(money_from_double(1.0 / 0.0).has_value());
}

TEST_CASE("money formats and multiplies with rounding") {
  CHECK(format_money(19999) == "199.99");
  CHECK(format_money(20000) == "200");
  CHECK(format_money(50) == "0.5");
  CHECK(format_money(-105) == "-1.05");
  CHECK(mul_div_round(1000, 825, 10000) == 83);  // 8.25% of $10.00 = 82.5 cents -> 83
  CHECK(mul_div_round(-1000, 825, 10000) == -83);
}

TEST_CASE("ISO-8601 round trip and offsets") {
  const TimeMs t = 1795000000123;
  CHECK(format_iso(t) == "2026-11-18T11:06:40.123Z");
  CHECK(parse_iso(format_iso(t)) == t);
  CHECK(parse_iso("2026-11-18T12:06:40.123+01:00") == t);
  CHECK(parse_iso("2026-11-18T06:06:40.123-0500") == t);
  CHECK(parse_iso("2026-11-18") == 1794960000000);
  CHECK(parse_iso("2026-11-18T11:06:40Z") == 1795000000000);
  CHECK_FALSE(parse_iso("2026-13-01").has_value());
  CHECK_FALSE(parse_iso("yesterday").has_value());
  CHECK_FALSE(parse_iso("2026-11-18T09:46:40+25:00").has_value());
  CHECK(start_of_month_utc(t) == *parse_iso("2026-11-01"));
  CHECK(year_utc(t) == 2026);
}

TEST_CASE("pagination defaults, caps and rejects") {
  auto r = parse_page_request(std::nullopt, std::nullopt);
  CHECK(r.page == 1);
  CHECK(r.limit == 50);
  r = parse_page_request("3", "500");
  CHECK(r.page == 3);
  CHECK(r.limit == 100);
  CHECK(r.offset() == 200);
  CHECK_THROWS_AS(parse_page_request("0", std::nullopt), Error);
  CHECK_THROWS_AS(parse_page_request(std::nullopt, "ten"), Error);
  const auto info = make_page_info({2, 10}, 21);
  CHECK(info.total_pages == 3);
  CHECK(make_page_info({1, 10}, 0).total_pages == 0);
}
