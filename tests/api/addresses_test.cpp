// /api/companies/[id]/addresses and /api/companies/[id]/addresses/[addressId].
#include <doctest/doctest.h>

#include "api/company_rows_helpers.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;
namespace cr = crm::test::company_rows;

namespace {

json::object addresses_body(const std::string& line1, const std::string& type = "BOTH") {
  return {{"type", type},
          {"addressLine1", line1},
          {"city", "Austin"},
          {"state", "TX"},
          {"zip", "78701"}};
}

std::string addresses_add(ApiFixture& f, const std::string& company_id, json::object body,
                          const std::string& token = "") {
  auto r = f.call("POST", "/api/companies/" + company_id + "/addresses",
                  token.empty() ? f.admin_token() : token, json::value(std::move(body)));
  REQUIRE(r.status == 201);
  return std::string(r.data().at("id").as_string());
}

json::array addresses_list(ApiFixture& f, const std::string& company_id) {
  auto r = f.call("GET", "/api/companies/" + company_id + "/addresses", f.admin_token());
  REQUIRE(r.status == 200);
  return r.data().as_array();
}

const json::value& addresses_find(const json::array& list, const std::string& id) {
  for (const auto& a : list)
    if (a.at("id") == json::value(id)) return a;
  FAIL("address not listed: " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("addresses: create returns the address with defaults") {
  ApiFixture f;
  const auto company = cr::create_named(f, "Addr Co");
  auto r = f.call("POST", "/api/companies/" + company + "/addresses", f.admin_token(),
                  json::value{{"label", " HQ "},
                              {"type", "BILLING"},
                              {"addressLine1", "1 Main St"},
                              {"addressLine2", "Suite 2"},
                              {"city", "Austin"},
                              {"state", "TX"},
                              {"zip", "78701"},
                              {"notes", "Ring twice"}});
  REQUIRE(r.status == 201);
  const auto& a = r.data().as_object();
  CHECK(a.at("companyId") == json::value(company));
  CHECK(a.at("label") == "HQ");
  CHECK(a.at("type") == "BILLING");
  CHECK(a.at("addressLine1") == "1 Main St");
  CHECK(a.at("addressLine2") == "Suite 2");
  CHECK(a.at("city") == "Austin");
  CHECK(a.at("state") == "TX");
  CHECK(a.at("zip") == "78701");
  CHECK(a.at("country") == "US");
  CHECK(a.at("notes") == "Ring twice");
  CHECK(a.at("isDefaultBilling") == false);
  CHECK(a.at("isDefaultShipping") == false);
  CHECK(a.at("createdAt") == json::value(format_iso(kStartTime)));
  CHECK(a.at("updatedAt").is_string());

  auto ca = addresses_body("2 Side St");
  ca["country"] = "CA";
  auto canada =
      f.call("POST", "/api/companies/" + company + "/addresses", f.admin_token(), json::value(ca));
  CHECK(canada.data().at("country") == "CA");
  CHECK(canada.data().at("label").is_null());
  CHECK(addresses_list(f, company).size() == 2);
}

TEST_CASE("addresses: create validates required fields and the type") {
  ApiFixture f;
  const auto company = cr::create_named(f, "Addr Co");
  const std::string path = "/api/companies/" + company + "/addresses";
  for (const char* field : {"addressLine1", "city", "state", "zip"}) {
    auto body = addresses_body("1 Main");
    body.erase(field);
    auto r = f.call("POST", path, f.admin_token(), json::value(body));
    CHECK(r.status == 400);
    CHECK(r.error().find(field) != std::string::npos);
    body[field] = "   ";
    CHECK(f.call("POST", path, f.admin_token(), json::value(body)).status == 400);
  }
  auto no_type = addresses_body("1 Main");
  no_type.erase("type");
  auto missing_type = f.call("POST", path, f.admin_token(), json::value(no_type));
  CHECK(missing_type.status == 400);
  CHECK(missing_type.error().find("type") != std::string::npos);
  auto bad_type =
      f.call("POST", path, f.admin_token(), json::value(addresses_body("1 Main", "HOME")));
  CHECK(bad_type.status == 400);
  CHECK(bad_type.error().find("type") != std::string::npos);
  auto flag = addresses_body("1 Main");
  flag["isDefaultBilling"] = "yes";
  CHECK(f.call("POST", path, f.admin_token(), json::value(flag)).status == 400);
  // A SHIPPING address cannot be the default billing one, nor a BILLING one the default shipping.
  auto ship = addresses_body("1 Main", "SHIPPING");
  ship["isDefaultBilling"] = true;
  CHECK(f.call("POST", path, f.admin_token(), json::value(ship)).status == 400);
  auto bill = addresses_body("1 Main", "BILLING");
  bill["isDefaultShipping"] = true;
  CHECK(f.call("POST", path, f.admin_token(), json::value(bill)).status == 400);

  CHECK(f.call("POST", path, "", json::value(addresses_body("1 Main"))).status == 401);
  CHECK(f.call("POST", "/api/companies/missing/addresses", f.admin_token(),
               json::value(addresses_body("1 Main")))
            .status == 404);
  CHECK(addresses_list(f, company).empty());
}

TEST_CASE("addresses: a new default replaces the previous one, and the list puts defaults first") {
  ApiFixture f;
  const auto company = cr::create_named(f, "Addr Co");
  const auto other_company = cr::create_named(f, "Other Co");
  auto first_body = addresses_body("1 First");
  first_body["isDefaultBilling"] = true;
  first_body["isDefaultShipping"] = true;
  const auto first = addresses_add(f, company, first_body);
  f.clock->advance(kSecondMs);
  const auto plain = addresses_add(f, company, addresses_body("2 Plain"));
  f.clock->advance(kSecondMs);
  auto other_default = addresses_body("9 Elsewhere");
  other_default["isDefaultBilling"] = true;
  const auto elsewhere =
      addresses_add(f, other_company, other_default);  // another company's default stays
  f.clock->advance(kSecondMs);

  auto billing_body = addresses_body("3 Billing", "BILLING");
  billing_body["isDefaultBilling"] = true;
  const auto billing = addresses_add(f, company, billing_body);

  auto list = addresses_list(f, company);
  REQUIRE(list.size() == 3);
  CHECK(cr::ids_of(json::value(list)) == std::vector<std::string>{billing, first, plain});
  CHECK(addresses_find(list, billing).at("isDefaultBilling") == true);
  CHECK(addresses_find(list, first).at("isDefaultBilling") == false);
  CHECK(addresses_find(list, first).at("isDefaultShipping") == true);
  CHECK(addresses_list(f, other_company).at(0).at("id") == json::value(elsewhere));
  CHECK(addresses_list(f, other_company).at(0).at("isDefaultBilling") == true);

  // PATCH moves the shipping default to the plain address.
  auto moved = f.call("PATCH", "/api/companies/" + company + "/addresses/" + plain, f.admin_token(),
                      json::value{{"isDefaultShipping", true}});
  REQUIRE(moved.status == 200);
  CHECK(moved.data().at("isDefaultShipping") == true);
  list = addresses_list(f, company);
  CHECK(cr::ids_of(json::value(list)) == std::vector<std::string>{billing, plain, first});
  CHECK(addresses_find(list, first).at("isDefaultShipping") == false);

  // Re-setting the flag the address already holds is fine.
  CHECK(f.call("PATCH", "/api/companies/" + company + "/addresses/" + plain, f.admin_token(),
               json::value{{"isDefaultShipping", true}})
            .status == 200);

  auto tx = f.engine->runtime().db->read();
  CHECK(tx->query(
              "SELECT COUNT(*) AS n FROM addresses WHERE company_id = ? AND is_default_billing = 1",
              company)
            .first()
            .integer("n") == 1);
  CHECK(
      tx->query(
            "SELECT COUNT(*) AS n FROM addresses WHERE company_id = ? AND is_default_shipping = 1",
            company)
          .first()
          .integer("n") == 1);
}

TEST_CASE("addresses: update is partial and re-evaluates default flags against the type") {
  ApiFixture f;
  const auto company = cr::create_named(f, "Addr Co");
  auto body = addresses_body("1 Main");
  body["isDefaultBilling"] = true;
  body["label"] = "HQ";
  const auto id = addresses_add(f, company, body);
  const std::string path = "/api/companies/" + company + "/addresses/" + id;
  f.clock->advance(kMinuteMs);

  auto r =
      f.call("PATCH", path, f.admin_token(), json::value{{"city", "Dallas"}, {"label", nullptr}});
  REQUIRE(r.status == 200);
  CHECK(r.data().at("city") == "Dallas");
  CHECK(r.data().at("addressLine1") == "1 Main");
  CHECK(r.data().at("label").is_null());
  CHECK(r.data().at("isDefaultBilling") == true);
  CHECK(r.data().at("updatedAt") == json::value(format_iso(kStartTime + kMinuteMs)));

  CHECK(f.call("PATCH", path, f.admin_token(), json::value{{"zip", ""}}).status == 400);
  CHECK(f.call("PATCH", path, f.admin_token(), json::value{{"type", "OFFICE"}}).status == 400);
  CHECK(f.call("PATCH", path, f.admin_token(),
               json::value{{"type", "SHIPPING"}, {"isDefaultBilling", true}})
            .status == 400);

  // Only the type changes: the billing default it can no longer hold is dropped.
  auto shipping = f.call("PATCH", path, f.admin_token(), json::value{{"type", "SHIPPING"}});
  REQUIRE(shipping.status == 200);
  CHECK(shipping.data().at("type") == "SHIPPING");
  CHECK(shipping.data().at("isDefaultBilling") == false);

  auto cleared = f.call("PATCH", path, f.admin_token(), json::value{{"isDefaultShipping", true}});
  CHECK(cleared.data().at("isDefaultShipping") == true);
  auto unset = f.call("PATCH", path, f.admin_token(), json::value{{"isDefaultShipping", false}});
  CHECK(unset.data().at("isDefaultShipping") == false);
}

TEST_CASE("addresses: another company's address, unknown ids, delete") {
  ApiFixture f;
  const auto company = cr::create_named(f, "Addr Co");
  const auto other = cr::create_named(f, "Other Co");
  const auto mine = addresses_add(f, company, addresses_body("1 Mine"));
  const auto theirs = addresses_add(f, other, addresses_body("2 Theirs"));

  auto cross = f.call("PATCH", "/api/companies/" + company + "/addresses/" + theirs,
                      f.admin_token(), json::value{{"city", "Hacked"}});
  CHECK(cross.status == 404);
  CHECK(cross.error() == "Address not found");
  CHECK(f.call("DELETE", "/api/companies/" + company + "/addresses/" + theirs, f.admin_token())
            .status == 404);
  CHECK(f.call("DELETE", "/api/companies/" + company + "/addresses/nope", f.admin_token()).status ==
        404);
  CHECK(addresses_list(f, other).at(0).at("city") == "Austin");

  auto del = f.call("DELETE", "/api/companies/" + company + "/addresses/" + mine, f.admin_token());
  REQUIRE(del.status == 200);
  CHECK(del.body.at("success") == true);
  CHECK(addresses_list(f, company).empty());
  CHECK(f.call("DELETE", "/api/companies/" + company + "/addresses/" + mine, f.admin_token())
            .status == 404);
  CHECK(addresses_list(f, other).size() == 1);
}

TEST_CASE("addresses: every call follows the company's visibility") {
  ApiFixture f;
  auto [rep_token, rep_id] = f.make_user("rep@example.com");
  auto [other_token, other_id] = f.make_user("other@example.com");
  const auto mine = cr::create_named(f, "Mine", rep_id);
  const auto pool = cr::create_named(f, "Pool");
  const auto mine_addr = addresses_add(f, mine, addresses_body("1 Mine"));
  const std::string base = "/api/companies/" + mine + "/addresses";

  // Owning rep: everything.
  CHECK(f.call("GET", base, rep_token).status == 200);
  const auto rep_addr = addresses_add(f, mine, addresses_body("2 Rep"), rep_token);
  CHECK(f.call("PATCH", base + "/" + rep_addr, rep_token, json::value{{"city", "Waco"}}).status ==
        200);

  // Another rep: 404 for reads and writes, and nothing changes.
  CHECK(f.call("GET", base, other_token).status == 404);
  CHECK(f.call("POST", base, other_token, json::value(addresses_body("3 Other"))).status == 404);
  CHECK(f.call("PATCH", base + "/" + mine_addr, other_token, json::value{{"city", "X"}}).status ==
        404);
  CHECK(f.call("DELETE", base + "/" + mine_addr, other_token).status == 404);
  CHECK(addresses_list(f, mine).size() == 2);

  // The pool: every rep.
  CHECK(f.call("POST", "/api/companies/" + pool + "/addresses", other_token,
               json::value(addresses_body("4 Pool")))
            .status == 201);
  CHECK(
      f.call("GET", "/api/companies/" + pool + "/addresses", rep_token).data().as_array().size() ==
      1);

  CHECK(f.call("DELETE", base + "/" + rep_addr, rep_token).status == 200);
  CHECK(f.call("GET", base, "").status == 401);
}
